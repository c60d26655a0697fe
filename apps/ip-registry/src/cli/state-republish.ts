import 'reflect-metadata';
import { republishStateTopics } from '@paspoort/service-kit';
import { ipRegistryStateSources } from '../state-topics/ip-registry-state-sources';

/** `npm run state:republish`, ip-registry part: every certificate's registrations and every enforcement instant. */
export function main(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return republishStateTopics('ip-registry', ipRegistryStateSources(), env);
}

if (require.main === module) {
  void main().then((code) => process.exit(code));
}
