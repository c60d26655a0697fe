import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import {
  enforcementKey,
  TOPICS,
  type CaChainValue,
  type CertificateStatusValue,
  type Environment,
  type IpRegistrationStateTopicValue,
  type StateValueBase,
} from '@paspoort/contracts';
import { compileRegistrations, type CompiledRegistrations } from '@paspoort/ip-rules';
import { DeadLetterPublisher, MESSAGING_OPTIONS, MessagingMetrics, StateReader, type MessagingOptions } from '@paspoort/messaging';
import { readCertificate } from '@paspoort/pki';
import type { X509Certificate } from '@peculiar/x509';
import { ReadinessRegistry } from '@paspoort/service-kit';

/** One environment's chain, parsed once per revision. */
export interface EnvironmentChain {
  revision: number;
  issuingCa: X509Certificate;
  rootCa: X509Certificate;
}

const NO_REGISTRATIONS = compileRegistrations([]);

/**
 * authn's in-memory projections: every environment's CA chain, every certificate's status and IP registrations
 * and the enforcement instants, read in full from the compacted topics. Ready once caught up; `isFresh` is false
 * when the view was not confirmed current with the broker within the freshness limit (decisions then fail closed).
 */
@Injectable()
export class AccessStateView implements OnModuleInit, OnApplicationShutdown {
  readonly reader: StateReader<StateValueBase>;
  private readonly chains = new Map<Environment, EnvironmentChain>();
  private readonly registrations = new Map<string, { revision: number; compiled: CompiledRegistrations }>();

  constructor(
    @Inject(MESSAGING_OPTIONS) options: MessagingOptions,
    metrics: MessagingMetrics,
    deadLetters: DeadLetterPublisher,
    private readonly readiness: ReadinessRegistry,
  ) {
    this.reader = new StateReader(options, [TOPICS.ca, TOPICS.certificateStatus, TOPICS.ipRegistrationState], { metrics, deadLetters });
  }

  async onModuleInit(): Promise<void> {
    this.readiness.register('access-state', () => this.reader.ready);
    await this.reader.start();
    await this.reader.waitUntilReady(60000);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.reader.stop();
  }

  isFresh(): boolean {
    return this.reader.isFresh();
  }

  status(serial: string): CertificateStatusValue | undefined {
    return this.reader.get(TOPICS.certificateStatus, serial) as CertificateStatusValue | undefined;
  }

  /** Called for every status change after start (and for every value replayed at start). */
  onStatusChange(listener: (value: CertificateStatusValue) => void): void {
    this.reader.onChange((topic, value) => {
      if (topic === TOPICS.certificateStatus) listener(value as CertificateStatusValue);
    });
  }

  chain(environment: Environment): EnvironmentChain | undefined {
    const value = this.reader.get(TOPICS.ca, environment) as CaChainValue | undefined;
    if (!value) return undefined;
    const cached = this.chains.get(environment);
    if (cached?.revision === value.revision) return cached;
    try {
      const chain = { revision: value.revision, issuingCa: readCertificate(value.issuingCaPem), rootCa: readCertificate(value.rootCaPem) };
      this.chains.set(environment, chain);
      return chain;
    } catch {
      return undefined;
    }
  }

  /** The certificate's registrations, compiled once per revision (none known: an empty set). */
  ipRegistrations(serial: string): CompiledRegistrations {
    const value = this.reader.get(TOPICS.ipRegistrationState, serial) as IpRegistrationStateTopicValue | undefined;
    if (!value || value.kind !== 'registrations') return NO_REGISTRATIONS;
    const cached = this.registrations.get(serial);
    if (cached?.revision === value.revision) return cached.compiled;
    const compiled = compileRegistrations(value.registrations);
    this.registrations.set(serial, { revision: value.revision, compiled });
    return compiled;
  }

  enforcedFrom(environment: Environment): Date | null {
    const value = this.reader.get(TOPICS.ipRegistrationState, enforcementKey(environment)) as IpRegistrationStateTopicValue | undefined;
    return value?.kind === 'enforcement' && value.enforcedFrom ? new Date(value.enforcedFrom) : null;
  }
}
