import { Global, Module, type OnModuleInit } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AppExceptionFilter } from '@paspoort/service-kit';
import { ApiRefusalRecorder } from './api-refusal-recorder';
import { AuthGuard } from './auth.guard';
import { AuthStateView } from './auth-state';
import { TokenVerifier } from './token-verifier';

/** Bearer-token authentication for every HTTP route of a service (import once, in the app module). */
@Global()
@Module({
  providers: [AuthStateView, TokenVerifier, ApiRefusalRecorder, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthStateView, TokenVerifier, ApiRefusalRecorder],
})
export class AuthModule implements OnModuleInit {
  constructor(
    private readonly filter: AppExceptionFilter,
    private readonly recorder: ApiRefusalRecorder,
  ) {}

  onModuleInit(): void {
    this.filter.onRefusal((request, refusal) => this.recorder.record(request, refusal));
  }
}
