import { Inject, Injectable } from '@nestjs/common';
import type { AccessWarning, Environment } from '@paspoort/contracts';
import { AUTHN_CLOCK, type Clock } from '../clock/clock';
import { LoginEvents } from '../logins/login-events';
import { AccessStateView } from '../projections/access-state.view';
import { decideAccess, type AccessChannelKind, type AccessDecision } from './access-decision';
import { PresentedCertificates, type PresentedCertificate } from './presented-certificates';

/** What `POST /access/check` and `GET /access/whoami` answer. */
export interface AccessAnswer {
  decision: 'allow' | 'deny';
  reason?: string;
  warnings: AccessWarning[];
  serial: string | null;
  organisationId: string | null;
}

/** Access decisions from authn's own projections (it keeps deciding while the issuer or the IP registry is down). */
@Injectable()
export class AccessService {
  constructor(
    private readonly view: AccessStateView,
    private readonly certificates: PresentedCertificates,
    private readonly events: LoginEvents,
    @Inject(AUTHN_CLOCK) private readonly clock: Clock,
  ) {}

  /** Judges a presented certificate on a channel; `sourceIp` is checked against the registrations on the system side. */
  decide(presented: PresentedCertificate, environment: Environment, channel: AccessChannelKind, sourceIp?: string): AccessDecision {
    const facts = presented.facts;
    const chain = this.view.chain(environment);
    return decideAccess({
      channel,
      environment,
      certificate: facts,
      issuedBy: this.certificates.issuedBy(presented, environment, this.view),
      issuingCa: chain ? { notBefore: chain.issuingCa.notBefore, notAfter: chain.issuingCa.notAfter } : undefined,
      status: facts ? this.view.status(facts.serial) : undefined,
      fresh: this.view.isFresh(),
      ip:
        channel === 'system' && sourceIp !== undefined && facts
          ? { sourceIp, registrations: this.view.ipRegistrations(facts.serial), enforcedFrom: this.view.enforcedFrom(environment) }
          : undefined,
      now: this.clock.now(),
    });
  }

  /**
   * Like `decide`, but a certificate the view has not seen yet gets one read-your-writes wait: the view catches up
   * with the broker's latest offsets (bounded), so a certificate issued a moment ago is judged on its real status.
   */
  async decideCurrent(
    presented: PresentedCertificate,
    environment: Environment,
    channel: AccessChannelKind,
    sourceIp?: string,
  ): Promise<AccessDecision> {
    const first = this.decide(presented, environment, channel, sourceIp);
    if (first.decision === 'allow' || first.reason !== 'CERTIFICATE_UNKNOWN' || !presented.facts) return first;
    return (await this.view.reader.syncToLatest(1000)) ? this.decide(presented, environment, channel, sourceIp) : first;
  }

  /** A system-side decision, recorded as `access.granted` / `access.denied`. */
  async checkSystemAccess(
    presented: PresentedCertificate,
    environment: Environment,
    sourceIp: string,
    channel: 'access-check' | 'whoami' | 'token',
  ): Promise<AccessAnswer & { outcome: AccessDecision }> {
    const outcome = await this.decideCurrent(presented, environment, 'system', sourceIp);
    if (channel !== 'token' || outcome.decision === 'deny')
      await this.events.recordAccess(environment, presented, sourceIp, channel, outcome);
    return { ...answer(presented, outcome), outcome };
  }
}

export function answer(presented: PresentedCertificate | undefined, outcome: AccessDecision): AccessAnswer {
  return {
    decision: outcome.decision,
    ...(outcome.decision === 'deny' ? { reason: outcome.reason } : {}),
    warnings: outcome.warnings,
    serial: presented?.facts?.serial ?? null,
    organisationId: presented?.facts?.organisationId ?? null,
  };
}
