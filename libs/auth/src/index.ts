export * from './principal';
export * from './auth-state';
export * from './token-verifier';
export * from './auth.guard';
export * from './api-refusal-recorder';
export * from './auth.module';
