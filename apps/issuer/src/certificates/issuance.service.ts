import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { TOPICS } from '@paspoort/contracts';
import { OutboxWriter } from '@paspoort/messaging';
import {
  issueCertificate,
  parseCsr,
  validateHolder,
  type Clock,
  type Holder,
  type IssuedCertificate,
  type ParsedCsr,
  type SerialGenerator,
} from '@paspoort/pki';
import type { Principal } from '@paspoort/auth';
import type { DataSource } from 'typeorm';
import { CaHierarchy } from '../ca/ca-hierarchy';
import { ISSUER_CLOCK } from '../clock/issuer-clock';
import { ISSUER_CONFIG, type IssuerConfig } from '../config/issuer.config';
import { CertificateRepository } from './certificate.repository';
import { certificateIssuedEvent, certificateStatusValue } from './certificate-messages';
import type { CertificateRecord } from './certificate-record';
import { assertMayIssue, checkRenewal } from './issuance-rules';
import type { IssuanceRequest } from './issuance-request';
import { withPkiErrorsMapped } from './pki-error.mapping';

export const SERIAL_GENERATOR = Symbol('SERIAL_GENERATOR');

/** The 201 body of `POST /certificates`. */
export interface IssuanceResult {
  serial: string;
  fingerprintSha256: string;
  certificatePem: string;
  chainPem: string;
  notBefore: string;
  notAfter: string;
}

/** Leaves start a little early so that a verifier whose clock lags does not see a not-yet-valid certificate. */
const BACKDATE_MS = 5 * 60_000;
const SERIAL_ATTEMPTS = 3;

/** Issues certificates: checks, signs, and stores each with its `certificate.issued` event and first status value. */
@Injectable()
export class IssuanceService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(ISSUER_CONFIG) private readonly config: IssuerConfig,
    @Inject(ISSUER_CLOCK) private readonly clock: Clock,
    @Inject(SERIAL_GENERATOR) private readonly serials: SerialGenerator,
    private readonly hierarchy: CaHierarchy,
    private readonly certificates: CertificateRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  async issue(request: IssuanceRequest, principal: Principal): Promise<IssuanceResult> {
    principal.assertEnvironment(request.environment);
    assertMayIssue(principal, request);
    const { holder, csr } = await withPkiErrorsMapped(() => ({
      holder: validateHolder(request.profile, request.holder),
      csr: parseCsr(request.csr),
    }));
    if (request.renews) checkRenewal(await this.certificates.find(this.dataSource.manager, request.renews), request, holder);
    for (let attempt = 1; ; attempt++) {
      const issued = await withPkiErrorsMapped(() => this.sign(request, holder, csr));
      const record = recordOf(request, holder, issued, principal.actor, this.clock.now());
      try {
        await this.store(record, issued.issuerDn, principal.actor);
      } catch (error) {
        if (attempt < SERIAL_ATTEMPTS && isSerialCollision(error)) continue;
        throw error;
      }
      return {
        serial: record.serial,
        fingerprintSha256: record.fingerprintSha256,
        certificatePem: issued.pem,
        chainPem: this.hierarchy.chainPem(request.environment),
        notBefore: record.notBefore.toISOString(),
        notAfter: record.notAfter.toISOString(),
      };
    }
  }

  private sign(request: IssuanceRequest, holder: Holder, csr: ParsedCsr): Promise<IssuedCertificate> {
    const ca = this.hierarchy.issuingCa(request.environment);
    const now = this.clock.now();
    return issueCertificate({
      csr,
      profile: request.profile,
      environment: request.environment,
      holder,
      issuingCa: ca.certificate,
      issuingKeys: ca.keys,
      serial: this.serials(),
      notBefore: new Date(Math.max(now.getTime() - BACKDATE_MS, ca.certificate.notBefore.getTime())),
      validityDays: this.config.ca.validityDays[request.profile],
      publicUrl: this.config.ca.publicUrl,
      policyOids: this.config.ca.policyOids,
      cpsUri: this.config.ca.cpsUri,
    });
  }

  private async store(record: CertificateRecord, issuerDn: string, actor: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.certificates.insert(manager, record);
      await this.outbox.publishEventWithState(
        manager,
        certificateIssuedEvent(record, issuerDn, actor),
        TOPICS.certificateStatus,
        certificateStatusValue(record),
      );
    });
  }
}

function recordOf(request: IssuanceRequest, holder: Holder, issued: IssuedCertificate, actor: string, now: Date): CertificateRecord {
  const h = holder as Partial<Record<'personId' | 'name' | 'organisationId' | 'organisationName' | 'systemName', string>>;
  return {
    serial: issued.serial,
    environment: request.environment,
    profile: request.profile,
    personId: h.personId ?? null,
    personName: h.name ?? null,
    organisationId: h.organisationId ?? null,
    organisationName: h.organisationName ?? null,
    systemName: h.systemName ?? null,
    fingerprintSha256: issued.fingerprintSha256,
    subjectDn: issued.subjectDn,
    pem: issued.pem,
    notBefore: issued.notBefore,
    notAfter: issued.notAfter,
    status: 'active',
    blockCause: null,
    revocationReason: null,
    revokedAt: null,
    statusChangedAt: now,
    statusRevision: 1,
    renews: request.renews ?? null,
    createdAt: now,
    createdBy: actor,
  };
}

function isSerialCollision(error: unknown): boolean {
  const e = error as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  const code = e.driverError?.code ?? e.code;
  const constraint = e.driverError?.constraint ?? e.constraint;
  return code === '23505' && constraint === 'certificates_pkey';
}
