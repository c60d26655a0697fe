export * from './database';
export * from './kafka';
export * from './fault-proxy';
export * from './clock';
export * from './private-broker';
export * from './service';
export * from './tokens';
export * from './test-ca';
