export * from './codes';
export * from './topics';
export * from './events';
export * from './state';
export * from './schemas';
export * from './validation';
export * from './build-event';
export * from './asyncapi';
