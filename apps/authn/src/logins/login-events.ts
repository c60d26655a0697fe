import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  buildEvent,
  type AccessChannel,
  type EventEnvelope,
  type EventDataMap,
  type EventRefs,
  type EventType,
  type Environment,
} from '@paspoort/contracts';
import { OutboxWriter } from '@paspoort/messaging';
import type { DataSource, EntityManager } from 'typeorm';
import type { AccessDecision } from '../access/access-decision';
import type { PresentedCertificate } from '../access/presented-certificates';
import { AUTHN_CLOCK, type Clock } from '../clock/clock';
import { Inject } from '@nestjs/common';

export interface LoginEventDraft<T extends EventType> {
  type: T;
  environment: Environment;
  subject: string;
  actor: string;
  outcome?: 'success' | 'refused';
  refs: EventRefs;
  data: EventDataMap[T];
}

/** Writes authn's events on `paspoort.logins.v1` through the outbox (in the caller's transaction when given). */
@Injectable()
export class LoginEvents {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    @Inject(AUTHN_CLOCK) private readonly clock: Clock,
  ) {}

  build<T extends EventType>(draft: LoginEventDraft<T>): EventEnvelope<T> {
    return buildEvent({ ...draft, source: 'authn', occurredAt: this.clock.now() });
  }

  /** In the caller's transaction when given; otherwise group-committed with concurrent decisions (high volume). */
  async record<T extends EventType>(draft: LoginEventDraft<T>, manager?: EntityManager): Promise<void> {
    const event = this.build(draft) as EventEnvelope;
    await (manager ? this.outbox.publishEvent(manager, event) : this.outbox.publishEventNow(event));
  }

  /** `access.granted` or `access.denied` for one decision on the system side. */
  async recordAccess(
    environment: Environment,
    presented: PresentedCertificate | undefined,
    sourceIp: string,
    channel: AccessChannel,
    outcome: AccessDecision | { decision: 'deny'; reason: 'NO_CLIENT_CERTIFICATE' | 'NO_GRANT' },
  ): Promise<void> {
    const facts = presented?.facts;
    const serial = facts?.serial;
    const refs = { serial, organisationId: facts?.organisationId, personId: facts?.personId };
    const subject = serial ?? `environment:${environment}`;
    const actor = serial ? `system:${serial}` : 'service:authn';
    if (outcome.decision === 'allow') {
      await this.record({
        type: 'access.granted',
        environment,
        subject,
        actor,
        refs,
        data: { serial: serial ?? '', sourceIp, channel, warnings: outcome.warnings },
      });
      return;
    }
    const reason = outcome.reason === 'SYSTEM_CERTIFICATE_NOT_ALLOWED' ? 'PERSONAL_CERTIFICATE_NOT_ALLOWED' : outcome.reason;
    await this.record({
      type: 'access.denied',
      environment,
      subject,
      actor,
      outcome: 'refused',
      refs,
      data: { ...(serial ? { serial } : {}), sourceIp: sourceIp || 'unknown', channel, reason },
    });
  }
}
