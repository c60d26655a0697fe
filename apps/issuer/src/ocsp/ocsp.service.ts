import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Environment } from '@paspoort/contracts';
import {
  buildOcspError,
  buildOcspResponse,
  certIdMatchesIssuer,
  OcspMalformed,
  ocspStatusFor,
  parseOcspRequest,
  type Clock,
  type OcspResult,
} from '@paspoort/pki';
import type { DataSource } from 'typeorm';
import { CaHierarchy } from '../ca/ca-hierarchy';
import { CertificateRepository } from '../certificates/certificate.repository';
import { ISSUER_CLOCK } from '../clock/issuer-clock';

/**
 * RFC 6960 responder of one environment, signed by its issuing CA. A CertID of another issuer, or a serial this
 * CA never issued, is `unknown` (never `good`). Answers come from the same rows as the CRL and the events.
 * No nextUpdate: a status change takes effect at once, so there is nothing a client should cache.
 */
@Injectable()
export class OcspService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(ISSUER_CLOCK) private readonly clock: Clock,
    private readonly hierarchy: CaHierarchy,
    private readonly certificates: CertificateRepository,
  ) {}

  async respond(environment: Environment, requestDer: Uint8Array | undefined): Promise<Buffer> {
    let request;
    try {
      request = parseOcspRequest(requestDer ?? new Uint8Array());
    } catch (error) {
      if (error instanceof OcspMalformed) return buildOcspError('malformedRequest');
      throw error;
    }
    const ca = this.hierarchy.issuingCa(environment);
    const ours = request.certIds.filter((certId) => certIdMatchesIssuer(certId, ca.certificate));
    const records = await this.certificates.findInEnvironment(
      this.dataSource.manager,
      environment,
      ours.map((c) => c.serial),
    );
    const bySerial = new Map(records.map((r) => [r.serial, r]));
    const results: OcspResult[] = request.certIds.map((certId) => {
      const record = ours.includes(certId) ? bySerial.get(certId.serial) : undefined;
      const status = record && {
        status: record.status,
        changedAt: record.revokedAt ?? record.statusChangedAt,
        revocationReason: record.revocationReason ?? undefined,
      };
      return { certId, status: ocspStatusFor(status) };
    });
    const now = this.clock.now();
    return buildOcspResponse({
      responderCert: ca.certificate,
      responderKeys: ca.keys,
      results,
      producedAt: now,
      thisUpdate: now,
      nonce: request.nonce,
    });
  }
}
