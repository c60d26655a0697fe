import { Inject, Injectable } from '@nestjs/common';
import { SERIAL_PATTERN, type CertificateStatusValue } from '@paspoort/contracts';
import type { Principal } from '@paspoort/auth';
import { AuthRefusal, badRequest, conflict, notFound, unprocessable } from '@paspoort/service-kit';
import { IPREGISTRY_CLOCK, type Clock } from '../clock/clock';
import { CertificateDirectory } from './certificate-directory';

const serialRe = new RegExp(SERIAL_PATTERN);

/** A system certificate as the registry knows it: what a registration is bound to. */
export interface SystemCertificate {
  serial: string;
  environment: CertificateStatusValue['environment'];
  organisationId?: string;
  status: CertificateStatusValue['status'];
}

/**
 * Which certificates a caller may manage registrations of. Order matters: unknown (404) first, then who may
 * see it (environment, organisation: 403), and only then facts about it (personal 422, revoked/expired 409),
 * so an org-admin of another organisation learns nothing about a certificate it may not manage.
 */
@Injectable()
export class ManagedCertificates {
  constructor(
    private readonly directory: CertificateDirectory,
    @Inject(IPREGISTRY_CLOCK) private readonly clock: Clock,
  ) {}

  /** For listing registrations (also of a revoked or expired certificate: history stays readable). */
  async forReading(serialInput: string, principal: Principal): Promise<SystemCertificate> {
    return toSystemCertificate(await this.authorised(serialInput, principal));
  }

  /** For adding a registration: the certificate must still be usable (not revoked, not expired; blocked may be lifted). */
  async forChange(serialInput: string, principal: Principal): Promise<SystemCertificate> {
    const status = await this.authorised(serialInput, principal);
    if (status.status === 'revoked') throw conflict('CERTIFICATE_REVOKED', `certificate ${status.serial} is revoked`);
    if (Date.parse(status.notAfter) <= this.clock.now().getTime()) {
      throw conflict('CERTIFICATE_EXPIRED', `certificate ${status.serial} expired at ${status.notAfter}`);
    }
    return toSystemCertificate(status);
  }

  private async authorised(serialInput: string, principal: Principal): Promise<CertificateStatusValue> {
    const status = await this.known(serialInput);
    assertManages(principal, status.environment, status.organisationId);
    if (status.profile !== 'system') throw personalRefused(status.serial);
    return status;
  }

  private async known(serialInput: string): Promise<CertificateStatusValue> {
    const serial = serialInput.toLowerCase();
    if (!serialRe.test(serial)) throw badRequest('SERIAL_INVALID', 'a serial is lower-case hex, as openssl prints it');
    const status = await this.directory.find(serial);
    if (!status) throw notFound('CERTIFICATE_UNKNOWN', `certificate ${serial} is not known to the registry`);
    return status;
  }
}

/**
 * An operator manages every certificate of its environment; an org-admin only those of its own organisation.
 * @throws AuthRefusal 403 FORBIDDEN_ENVIRONMENT or FORBIDDEN_ORGANISATION (recorded as api.refused)
 */
export function assertManages(principal: Principal, environment: string, organisationId: string | null | undefined): void {
  principal.assertEnvironment(environment);
  if (principal.hasRole('operator')) return;
  if (organisationId && principal.isOrgAdminOf(organisationId)) return;
  throw new AuthRefusal(403, 'FORBIDDEN_ORGANISATION', 'this token manages the certificates of another organisation');
}

function personalRefused(serial: string) {
  return unprocessable(
    'PERSONAL_CERTIFICATE_NOT_ALLOWED',
    `certificate ${serial} is personal; only system certificates have IP registrations`,
  );
}

function toSystemCertificate(status: CertificateStatusValue): SystemCertificate {
  return { serial: status.serial, environment: status.environment, organisationId: status.organisationId, status: status.status };
}
