import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { TOPICS, type CertificateStatusValue, type StateValueBase, type TokenKeyValue } from '@paspoort/contracts';
import { DeadLetterPublisher, MESSAGING_OPTIONS, MessagingMetrics, StateReader, type MessagingOptions } from '@paspoort/messaging';
import { ReadinessRegistry } from '@paspoort/service-kit';

/**
 * The state every service needs to judge a token: authn's public keys and every certificate's status,
 * read from the compacted topics (never a runtime HTTP call that could fail open).
 */
@Injectable()
export class AuthStateView implements OnModuleInit, OnApplicationShutdown {
  readonly reader: StateReader<StateValueBase>;

  constructor(
    @Inject(MESSAGING_OPTIONS) options: MessagingOptions,
    metrics: MessagingMetrics,
    deadLetters: DeadLetterPublisher,
    private readonly readiness: ReadinessRegistry,
  ) {
    this.reader = new StateReader(options, [TOPICS.tokenKeys, TOPICS.certificateStatus], { metrics, deadLetters });
  }

  async onModuleInit(): Promise<void> {
    this.readiness.register('auth-state', () => this.reader.ready);
    await this.reader.start();
    await this.reader.waitUntilReady(60000);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.reader.stop();
  }

  tokenKey(kid: string): TokenKeyValue | undefined {
    return this.reader.get(TOPICS.tokenKeys, kid) as TokenKeyValue | undefined;
  }

  certificateStatus(serial: string): CertificateStatusValue | undefined {
    return this.reader.get(TOPICS.certificateStatus, serial) as CertificateStatusValue | undefined;
  }
}
