import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Principal } from '@paspoort/auth';
import type { Environment } from '@paspoort/contracts';
import { conflict, DomainError, notFound } from '@paspoort/service-kit';
import { buildOtpauthUri, generateTotpSecret, totpIssuer, verifyTotp } from '@paspoort/totp';
import QRCode from 'qrcode';
import type { DataSource, EntityManager } from 'typeorm';
import { AUTHN_CLOCK, type Clock } from '../clock/clock';
import { AUTHN_CONFIG, type AuthnConfig } from '../config/authn.config';
import { LoginEvents } from '../logins/login-events';
import { TotpSecrets } from './totp-secrets';

export interface EnrollmentRow {
  secret_encrypted: string | null;
  pending_secret_encrypted: string | null;
  last_used_step: string;
}

export interface PortalPerson {
  environment: Environment;
  personId: string;
  serial: string;
}

/** The person's authenticator app in one environment: pending until confirmed with a first valid code. */
@Injectable()
export class TotpEnrollmentService {
  readonly secrets: TotpSecrets;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: LoginEvents,
    @Inject(AUTHN_CONFIG) config: AuthnConfig,
    @Inject(AUTHN_CLOCK) private readonly clock: Clock,
  ) {
    this.secrets = new TotpSecrets(config.totpKek);
  }

  /** A new pending secret; over a confirmed enrollment only with a valid code of that enrollment. */
  async start(person: PortalPerson, code: string | undefined): Promise<{ otpauthUri: string; qrSvg: string }> {
    const secret = generateTotpSecret();
    await this.dataSource.transaction(async (m) => {
      const row = await this.enrollment(m, person, true);
      if (row?.secret_encrypted) {
        if (code === undefined)
          throw conflict(
            'TOTP_ALREADY_ENROLLED',
            'an app is enrolled; confirm re-enrollment with a code from it, or ask an operator to reset it',
          );
        await this.consumeCode(m, person, row.secret_encrypted, row, code);
      }
      await m.query(
        `INSERT INTO "authn".totp_enrollments (environment, person_id, pending_secret_encrypted, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (environment, person_id) DO UPDATE SET pending_secret_encrypted = EXCLUDED.pending_secret_encrypted, updated_at = EXCLUDED.updated_at`,
        [person.environment, person.personId, this.secrets.seal(secret, person.environment, person.personId), this.clock.now()],
      );
    });
    const otpauthUri = buildOtpauthUri({ secret, issuer: totpIssuer(person.environment), accountName: person.personId });
    return { otpauthUri, qrSvg: await QRCode.toString(otpauthUri, { type: 'svg', errorCorrectionLevel: 'M' }) };
  }

  async confirm(person: PortalPerson, code: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const row = await this.enrollment(m, person, true);
      if (!row?.pending_secret_encrypted) throw conflict('TOTP_ENROLLMENT_NOT_PENDING', 'start an enrollment first');
      const step = await this.consumeCode(m, person, row.pending_secret_encrypted, row, code);
      await m.query(
        `UPDATE "authn".totp_enrollments SET secret_encrypted = pending_secret_encrypted, pending_secret_encrypted = NULL, confirmed_at = $3,
         last_used_step = $4, updated_at = $3 WHERE environment = $1 AND person_id = $2`,
        [person.environment, person.personId, this.clock.now(), step],
      );
      await this.events.record(
        {
          type: 'totp.enrolled',
          environment: person.environment,
          subject: `person:${person.personId}`,
          actor: `person:${person.personId}`,
          refs: { personId: person.personId, serial: person.serial },
          data: { personId: person.personId, serial: person.serial },
        },
        m,
      );
    });
  }

  /** Operator reset: the person enrolls again from scratch. */
  async reset(environment: Environment, personId: string, by: Principal): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const [deleted] = (await m.query(
        `DELETE FROM "authn".totp_enrollments WHERE environment = $1 AND person_id = $2 RETURNING person_id`,
        [environment, personId],
      )) as [unknown[], number];
      if (deleted.length === 0) throw notFound('TOTP_NOT_ENROLLED', 'this person has no enrollment in this environment');
      await this.events.record(
        {
          type: 'totp.reset',
          environment,
          subject: `person:${personId}`,
          actor: by.actor,
          refs: { personId, serial: by.serial },
          data: { personId },
        },
        m,
      );
    });
  }

  async isEnrolled(person: PortalPerson): Promise<boolean> {
    return Boolean((await this.enrollment(this.dataSource.manager, person))?.secret_encrypted);
  }

  async enrollment(m: EntityManager, person: PortalPerson, forUpdate = false): Promise<EnrollmentRow | undefined> {
    const [row] = (await m.query(
      `SELECT secret_encrypted, pending_secret_encrypted, last_used_step FROM "authn".totp_enrollments WHERE environment = $1 AND person_id = $2${forUpdate ? ' FOR UPDATE' : ''}`,
      [person.environment, person.personId],
    )) as EnrollmentRow[];
    return row;
  }

  private async consumeCode(m: EntityManager, person: PortalPerson, sealed: string, row: EnrollmentRow, code: string): Promise<number> {
    const secret = this.secrets.open(sealed, person.environment, person.personId);
    const result = verifyTotp({ secret, code, now: this.clock.now(), lastUsedStep: Number(row.last_used_step) });
    if (!result.ok)
      throw new DomainError(401, result.reason === 'TOTP_REPLAYED' ? 'TOTP_REPLAYED' : 'TOTP_INVALID', 'the code is not valid');
    await m.query(`UPDATE "authn".totp_enrollments SET last_used_step = $3 WHERE environment = $1 AND person_id = $2`, [
      person.environment,
      person.personId,
      result.step,
    ]);
    return result.step;
  }
}
