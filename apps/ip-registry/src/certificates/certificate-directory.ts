import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { TOPICS, type CertificateStatusValue } from '@paspoort/contracts';
import { DeadLetterPublisher, MESSAGING_OPTIONS, MessagingMetrics, StateReader, type MessagingOptions } from '@paspoort/messaging';
import { ReadinessRegistry } from '@paspoort/service-kit';
import { IPREGISTRY_CONFIG, type IpRegistryConfig } from '../config/ip-registry.config';

/**
 * The registry's own projection of certificates: the compacted status topic, held in memory and rebuilt from the
 * beginning at start, so registrations keep working while the issuer is down.
 */
@Injectable()
export class CertificateDirectory implements OnModuleInit, OnApplicationShutdown {
  private readonly reader: StateReader<CertificateStatusValue>;

  constructor(
    @Inject(MESSAGING_OPTIONS) options: MessagingOptions,
    @Inject(IPREGISTRY_CONFIG) private readonly config: IpRegistryConfig,
    metrics: MessagingMetrics,
    deadLetters: DeadLetterPublisher,
    private readonly readiness: ReadinessRegistry,
  ) {
    this.reader = new StateReader<CertificateStatusValue>(options, [TOPICS.certificateStatus], { metrics, deadLetters });
  }

  async onModuleInit(): Promise<void> {
    this.readiness.register('certificate-status', () => this.reader.ready);
    await this.reader.start();
    await this.reader.waitUntilReady(60000);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.reader.stop();
  }

  /**
   * The certificate's latest status; for a serial not seen yet, first waits (briefly) until the view holds
   * everything the broker had at the moment of the call, so a certificate issued just now is found.
   */
  async find(serial: string): Promise<CertificateStatusValue | undefined> {
    const known = this.reader.get(TOPICS.certificateStatus, serial);
    if (known) return known;
    await this.reader.syncToLatest(this.config.registrations.certificateSyncMs);
    return this.reader.get(TOPICS.certificateStatus, serial);
  }
}
