import { DynamicModule, Global, Module, type Provider } from '@nestjs/common';
import { DeadLetterPublisher } from './dead-letter';
import { KafkaEventServer } from './event-server';
import { Inbox } from './inbox';
import { MESSAGING_OPTIONS, type MessagingOptions } from './messaging-options';
import { MessagingMetrics } from './messaging-metrics';
import { OutboxRelay } from './outbox-relay';
import { OutboxWriter } from './outbox';
import { StateTopicRestorer } from './state-topic-restorer';

/**
 * Outbox writer and relay, state-topic restorer, inbox, DLQ publisher and the Kafka event server of one service.
 * The app module provides MESSAGING_OPTIONS (from its validated config) and METRICS_REGISTRY.
 */
@Global()
@Module({})
export class MessagingModule {
  static forService(optionsProvider: Provider<MessagingOptions> & { provide: typeof MESSAGING_OPTIONS }): DynamicModule {
    const eventServer: Provider = {
      provide: KafkaEventServer,
      useFactory: (options: MessagingOptions, dlq: DeadLetterPublisher, metrics: MessagingMetrics) =>
        new KafkaEventServer(options, dlq, metrics),
      inject: [MESSAGING_OPTIONS, DeadLetterPublisher, MessagingMetrics],
    };
    const providers = [
      optionsProvider,
      MessagingMetrics,
      OutboxWriter,
      StateTopicRestorer,
      OutboxRelay,
      Inbox,
      DeadLetterPublisher,
      eventServer,
    ];
    return {
      module: MessagingModule,
      providers,
      exports: [
        MESSAGING_OPTIONS,
        MessagingMetrics,
        OutboxWriter,
        StateTopicRestorer,
        OutboxRelay,
        Inbox,
        DeadLetterPublisher,
        KafkaEventServer,
      ],
    };
  }
}
