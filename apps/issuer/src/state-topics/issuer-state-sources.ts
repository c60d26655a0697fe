import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ENVIRONMENTS, TOPICS, type CaChainValue } from '@paspoort/contracts';
import { StateTopicRestorer, type StateTopicSource } from '@paspoort/messaging';
import type { EntityManager } from 'typeorm';
import { caChainValue } from '../ca/ca-hierarchy';
import { readCaCertificates } from '../ca/ca-store';
import { certificateStatusValue } from '../certificates/certificate-messages';
import { CertificateRepository } from '../certificates/certificate.repository';

/** Every certificate's `paspoort.certificate-status.v1` value, as issuance and the lifecycle publish it. */
export function certificateStatusSource(certificates: CertificateRepository): StateTopicSource {
  return {
    topic: TOPICS.certificateStatus,
    countKeys: (m) => certificates.count(m),
    currentValues: async (m, afterKey, limit) => (await certificates.pageBySerial(m, afterKey, limit)).map(certificateStatusValue),
  };
}

/** Each environment's `paspoort.ca.v1` chain at its stored chain revision (an environment without one is skipped). */
export const caChainSource: StateTopicSource = {
  topic: TOPICS.ca,
  countKeys: async (m) => (await caChains(m)).length,
  currentValues: async (m, afterKey, limit) =>
    (await caChains(m)).filter((value) => afterKey === undefined || value.key > afterKey).slice(0, limit),
};

async function caChains(m: EntityManager): Promise<CaChainValue[]> {
  const cas = await readCaCertificates(m);
  const root = cas.get('root');
  if (!root) return [];
  return [...ENVIRONMENTS].sort().flatMap((environment) => {
    const issuing = cas.get(environment);
    if (!issuing || issuing.chainRevision < 1) return [];
    return [caChainValue(environment, issuing.pem, root.pem, issuing.chainRevision, new Date(issuing.createdAt))];
  });
}

/** The issuer's state topics, for the restorer at start and for `npm run state:republish`. */
export function issuerStateSources(certificates = new CertificateRepository()): StateTopicSource[] {
  return [certificateStatusSource(certificates), caChainSource];
}

/** Hands the issuer's state topics to the restorer the outbox relay runs. */
@Injectable()
export class IssuerStateSources implements OnModuleInit {
  constructor(
    private readonly restorer: StateTopicRestorer,
    private readonly certificates: CertificateRepository,
  ) {}

  onModuleInit(): void {
    for (const source of issuerStateSources(this.certificates)) this.restorer.register(source);
  }
}
