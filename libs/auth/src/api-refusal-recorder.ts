import { Inject, Injectable } from '@nestjs/common';
import { buildEvent } from '@paspoort/contracts';
import { OutboxWriter } from '@paspoort/messaging';
import { clientAddress, COMMON_CONFIG, type AuthRefusal, type CommonConfig } from '@paspoort/service-kit';
import type { AuthenticatedRequest } from './auth.guard';

/** Every 401/403 on a management API becomes an `api.refused` event (who, what, why), through the outbox. */
@Injectable()
export class ApiRefusalRecorder {
  constructor(
    private readonly outbox: OutboxWriter,
    @Inject(COMMON_CONFIG) private readonly config: CommonConfig,
  ) {}

  async record(request: AuthenticatedRequest, refusal: AuthRefusal): Promise<void> {
    const principal = request.principal;
    const path = (request.originalUrl ?? request.url).split('?')[0].slice(0, 2048);
    const event = buildEvent({
      type: 'api.refused',
      source: this.config.service,
      environment: principal && principal.environment !== '*' ? principal.environment : null,
      subject: path,
      actor: principal?.actor ?? `service:${this.config.service}`,
      outcome: 'refused',
      refs: { serial: principal?.serial, personId: principal?.subject.startsWith('person:') ? principal.subject.slice(7) : undefined },
      data: {
        service: this.config.service,
        method: request.method.slice(0, 16),
        path,
        status: refusal.status as 401 | 403,
        code: refusal.code,
        sourceIp: clientAddress(request.socket.remoteAddress, request.headers['x-forwarded-for'], this.config.trustedProxies) || undefined,
      },
    });
    await this.outbox.publishEventNow(event);
  }
}
