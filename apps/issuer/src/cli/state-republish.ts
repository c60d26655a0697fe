import 'reflect-metadata';
import { republishStateTopics } from '@paspoort/service-kit';
import { issuerStateSources } from '../state-topics/issuer-state-sources';

/** `npm run state:republish`, issuer part: every certificate status and CA chain into the outbox. */
export function main(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return republishStateTopics('issuer', issuerStateSources(), env);
}

if (require.main === module) {
  void main().then((code) => process.exit(code));
}
