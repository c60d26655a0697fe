import { Injectable } from '@nestjs/common';
import { ENVIRONMENTS, type Environment } from '@paspoort/contracts';
import { decodePemBlocks, describeCertificate, readCertificate, verifyClientCertificate } from '@paspoort/pki';
import { badRequest } from '@paspoort/service-kit';
import type { X509Certificate } from '@peculiar/x509';
import { createHash } from 'node:crypto';
import type { AccessStateView, EnvironmentChain } from '../projections/access-state.view';
import type { CertificateFacts } from './access-decision';

/** A certificate as presented, parsed once; which environment's chain signed it is remembered per chain revision. */
export interface PresentedCertificate {
  fingerprintSha256: string;
  certificate: X509Certificate;
  /** Undefined when it is not a Paspoort personal or system certificate. */
  facts?: CertificateFacts & { environment?: Environment; personId?: string; organisationId?: string; systemName?: string };
  issuance: Map<Environment, { revision: number; issued: boolean }>;
}

const MAX_CACHED = 10000;

/**
 * Parsed client certificates by SHA-256 fingerprint of the DER, so a repeated decision is a map lookup and not a
 * signature check. Bounded: the oldest entry leaves first.
 */
@Injectable()
export class PresentedCertificates {
  private readonly cache = new Map<string, PresentedCertificate>();

  fromPem(pem: string): PresentedCertificate {
    let der: Buffer;
    try {
      const blocks = decodePemBlocks(pem);
      if (blocks.length !== 1 || blocks[0].label !== 'CERTIFICATE') throw new Error('one CERTIFICATE block expected');
      der = blocks[0].der;
    } catch {
      throw badRequest('CERTIFICATE_MALFORMED', 'certificatePem must hold exactly one PEM CERTIFICATE block');
    }
    return this.fromDer(der);
  }

  fromDer(der: Buffer): PresentedCertificate {
    const fingerprintSha256 = createHash('sha256').update(der).digest('hex');
    const cached = this.cache.get(fingerprintSha256);
    if (cached) return cached;
    let certificate: X509Certificate;
    try {
      certificate = readCertificate(der);
    } catch {
      throw badRequest('CERTIFICATE_MALFORMED', 'the certificate is not well-formed X.509');
    }
    const presented: PresentedCertificate = { fingerprintSha256, certificate, facts: factsOf(certificate), issuance: new Map() };
    if (this.cache.size >= MAX_CACHED) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(fingerprintSha256, presented);
    return presented;
  }

  /** The environment whose issuing CA (under the shared root) signed the certificate: `environment` is tried first. */
  issuedBy(presented: PresentedCertificate, environment: Environment, view: AccessStateView): Environment | undefined {
    if (this.issuedIn(presented, environment, view)) return environment;
    return ENVIRONMENTS.find((other) => other !== environment && this.issuedIn(presented, other, view));
  }

  private issuedIn(presented: PresentedCertificate, environment: Environment, view: AccessStateView): boolean {
    const chain = view.chain(environment);
    if (!chain) return false;
    const known = presented.issuance.get(environment);
    if (known?.revision === chain.revision) return known.issued;
    const issued = chainSigned(presented.certificate, chain);
    presented.issuance.set(environment, { revision: chain.revision, issued });
    return issued;
  }
}

/** Only the signatures count here; validity is judged per decision against the clock. */
function chainSigned(certificate: X509Certificate, chain: EnvironmentChain): boolean {
  const verdict = verifyClientCertificate(certificate, { issuingCa: chain.issuingCa, rootCa: chain.rootCa, now: certificate.notBefore });
  return verdict.ok || verdict.reason !== 'NOT_ISSUED_BY_ENVIRONMENT_CA';
}

function factsOf(certificate: X509Certificate): PresentedCertificate['facts'] {
  try {
    const d = describeCertificate(certificate);
    return {
      serial: d.serial,
      fingerprintSha256: d.fingerprintSha256,
      profile: d.profile,
      notBefore: d.notBefore,
      notAfter: d.notAfter,
      environment: d.environment,
      personId: d.personId,
      organisationId: d.organisationId,
      systemName: d.systemName,
    };
  } catch {
    return undefined;
  }
}
