import 'reflect-metadata';
import { republishStateTopics } from '@paspoort/service-kit';
import { tokenKeysSource } from '../tokens/token-keys-state-source';

/** `npm run state:republish`, authn part: every token key (public half) into the outbox. */
export function main(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return republishStateTopics('authn', [tokenKeysSource()], env);
}

if (require.main === module) {
  void main().then((code) => process.exit(code));
}
