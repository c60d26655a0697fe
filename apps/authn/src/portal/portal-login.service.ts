import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Environment, PortalRefusalReason } from '@paspoort/contracts';
import { verifyTotp } from '@paspoort/totp';
import type { DataSource } from 'typeorm';
import { AccessService } from '../access/access.service';
import type { PresentedCertificate } from '../access/presented-certificates';
import { AUTHN_CLOCK, type Clock } from '../clock/clock';
import { AUTHN_CONFIG, type AuthnConfig } from '../config/authn.config';
import { GrantsService } from '../grants/grants.service';
import { LoginEvents } from '../logins/login-events';
import { SessionsService } from '../sessions/sessions.service';
import { TokenSigner } from '../tokens/token-signer.service';
import { TotpEnrollmentService, type PortalPerson } from '../totp/totp-enrollment.service';
import { PortalRefusal } from './portal-refusal';

export interface PortalLogin {
  token: string;
  sessionId: string;
  sessionExpiresAt: Date;
}

/** Portal login: a personal certificate of this environment, then a TOTP code (replay-safe in the database). */
@Injectable()
export class PortalLoginService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly enrollments: TotpEnrollmentService,
    private readonly sessions: SessionsService,
    private readonly grants: GrantsService,
    private readonly signer: TokenSigner,
    private readonly events: LoginEvents,
    @Inject(AUTHN_CONFIG) private readonly config: AuthnConfig,
    @Inject(AUTHN_CLOCK) private readonly clock: Clock,
  ) {}

  /** The person this certificate identifies here, or a recorded refusal. */
  async identify(environment: Environment, presented: PresentedCertificate | undefined, sourceIp: string): Promise<PortalPerson> {
    if (!presented) return this.refuse(environment, undefined, sourceIp, 'NO_CLIENT_CERTIFICATE');
    const outcome = await this.access.decideCurrent(presented, environment, 'portal');
    if (outcome.decision === 'deny') return this.refuse(environment, presented, sourceIp, outcome.reason as PortalRefusalReason);
    return { environment, personId: presented.facts!.personId!, serial: presented.facts!.serial };
  }

  async login(environment: Environment, presented: PresentedCertificate | undefined, code: string, sourceIp: string): Promise<PortalLogin> {
    const person = await this.identify(environment, presented, sourceIp);
    const fingerprintSha256 = presented!.fingerprintSha256;
    if (await this.lockedUntil(person)) return this.refuse(environment, presented, sourceIp, 'PERSON_LOCKED');
    const row = await this.enrollments.enrollment(this.dataSource.manager, person);
    if (!row?.secret_encrypted) return this.refuse(environment, presented, sourceIp, 'TOTP_NOT_ENROLLED');
    const secret = this.enrollments.secrets.open(row.secret_encrypted, environment, person.personId);
    const verified = verifyTotp({ secret, code, now: this.clock.now(), lastUsedStep: Number(row.last_used_step) });
    if (!verified.ok)
      return this.failSecondFactor(person, presented!, sourceIp, verified.reason === 'TOTP_REPLAYED' ? 'TOTP_REPLAYED' : 'TOTP_INVALID');
    // Roles and the token are prepared before the transaction, so a login holds one pooled connection, not three.
    const roles = await this.grants.rolesOf(environment, `person:${person.personId}`);
    const { token } = await this.signer.sign({ sub: `person:${person.personId}`, env: environment, roles, serial: person.serial });
    const login = await this.dataSource.transaction(async (m) => {
      // The step is consumed in the database: of two logins racing with one code, exactly one updates the row.
      const [consumed] = (await m.query(
        `UPDATE "authn".totp_enrollments SET last_used_step = $3 WHERE environment = $1 AND person_id = $2 AND last_used_step < $3 AND secret_encrypted IS NOT NULL
         RETURNING person_id`,
        [environment, person.personId, verified.step],
      )) as [unknown[], number];
      if (consumed.length === 0) return undefined;
      await m.query(`UPDATE "authn".person_lockouts SET consecutive_failures = 0 WHERE environment = $1 AND person_id = $2`, [
        environment,
        person.personId,
      ]);
      const session = await this.sessions.create(m, { environment, personId: person.personId, serial: person.serial, fingerprintSha256 });
      await this.events.record(
        {
          type: 'login.succeeded',
          environment,
          subject: `person:${person.personId}`,
          actor: `person:${person.personId}`,
          refs: refsOf(presented!),
          data: { serial: person.serial, fingerprintSha256, sourceIp, sessionExpiresAt: session.expiresAt.toISOString() },
        },
        m,
      );
      return { token, sessionId: session.id, sessionExpiresAt: session.expiresAt };
    });
    return login ?? this.failSecondFactor(person, presented!, sourceIp, 'TOTP_REPLAYED');
  }

  async logout(environment: Environment, sessionId: string | undefined, sourceIp: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const ended = await this.sessions.end(environment, sessionId);
      if (!ended) return;
      await this.events.record(
        {
          type: 'logout',
          environment,
          subject: `person:${ended.personId}`,
          actor: `person:${ended.personId}`,
          refs: { personId: ended.personId, serial: ended.serial },
          data: { serial: ended.serial, sourceIp },
        },
        m,
      );
    });
  }

  private async lockedUntil(person: PortalPerson): Promise<Date | undefined> {
    const [row] = (await this.dataSource.query(
      `SELECT locked_until FROM "authn".person_lockouts WHERE environment = $1 AND person_id = $2`,
      [person.environment, person.personId],
    )) as { locked_until: Date | null }[];
    return row?.locked_until && new Date(row.locked_until) > this.clock.now() ? new Date(row.locked_until) : undefined;
  }

  /** Counts a consecutive failure; the last allowed one locks the person (with `person.locked`, same transaction). */
  private async failSecondFactor(
    person: PortalPerson,
    presented: PresentedCertificate,
    sourceIp: string,
    reason: 'TOTP_INVALID' | 'TOTP_REPLAYED',
  ): Promise<never> {
    await this.dataSource.transaction(async (m) => {
      const [{ consecutive_failures: failures }] = (await m.query(
        `INSERT INTO "authn".person_lockouts (environment, person_id, consecutive_failures) VALUES ($1, $2, 1)
         ON CONFLICT (environment, person_id) DO UPDATE SET consecutive_failures = person_lockouts.consecutive_failures + 1 RETURNING consecutive_failures`,
        [person.environment, person.personId],
      )) as { consecutive_failures: number }[];
      await this.events.record(this.failedDraft(person.environment, presented, sourceIp, reason, failures), m);
      if (failures < this.config.totpMaxFailures) return;
      const lockedUntil = new Date(this.clock.now().getTime() + this.config.totpLockMinutes * 60000);
      await m.query(
        `UPDATE "authn".person_lockouts SET consecutive_failures = 0, locked_until = $3 WHERE environment = $1 AND person_id = $2`,
        [person.environment, person.personId, lockedUntil],
      );
      await this.events.record(
        {
          type: 'person.locked',
          environment: person.environment,
          subject: `person:${person.personId}`,
          actor: `person:${person.personId}`,
          outcome: 'refused',
          refs: refsOf(presented),
          data: { personId: person.personId, serial: person.serial, lockedUntil: lockedUntil.toISOString(), consecutiveFailures: failures },
        },
        m,
      );
    });
    throw new PortalRefusal(reason);
  }

  private async refuse(
    environment: Environment,
    presented: PresentedCertificate | undefined,
    sourceIp: string,
    reason: PortalRefusalReason,
  ): Promise<never> {
    await this.events.record(this.failedDraft(environment, presented, sourceIp, reason));
    throw new PortalRefusal(reason);
  }

  private failedDraft(
    environment: Environment,
    presented: PresentedCertificate | undefined,
    sourceIp: string,
    reason: PortalRefusalReason,
    failures?: number,
  ) {
    const facts = presented?.facts;
    const subject = facts?.personId ? `person:${facts.personId}` : (facts?.serial ?? `environment:${environment}`);
    return {
      type: 'login.failed' as const,
      environment,
      subject,
      actor: facts?.personId ? `person:${facts.personId}` : facts ? `system:${facts.serial}` : 'service:authn',
      outcome: 'refused' as const,
      refs: presented ? refsOf(presented) : {},
      data: {
        ...(facts ? { serial: facts.serial } : {}),
        reason,
        sourceIp: sourceIp || 'unknown',
        ...(failures ? { consecutiveFailures: failures } : {}),
      },
    };
  }
}

function refsOf(presented: PresentedCertificate) {
  return { personId: presented.facts?.personId, serial: presented.facts?.serial, organisationId: presented.facts?.organisationId };
}
