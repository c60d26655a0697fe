import { Inject, Injectable } from '@nestjs/common';
import { Counter, Gauge, type Registry } from 'prom-client';

export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');

/** Prometheus metrics of the messaging layer, registered on the service's own registry. */
@Injectable()
export class MessagingMetrics {
  readonly outboxPending: Gauge;
  readonly outboxPublished: Counter;
  readonly relayErrors: Counter;
  readonly consumed: Counter<'topic'>;
  readonly deadLettered: Counter<'topic'>;
  readonly consumerPaused: Gauge;
  readonly stateLag: Gauge<'topic'>;
  readonly stateConfirmationAge: Gauge<'topic'>;
  readonly stateRepublished: Counter<'topic'>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    const registers = [registry];
    this.outboxPending = new Gauge({ name: 'paspoort_outbox_pending', help: 'Unsent outbox rows seen by the relay', registers });
    this.outboxPublished = new Counter({ name: 'paspoort_outbox_published_total', help: 'Outbox rows published', registers });
    this.relayErrors = new Counter({ name: 'paspoort_outbox_relay_errors_total', help: 'Relay failures (retried)', registers });
    this.consumed = new Counter({ name: 'paspoort_events_consumed_total', help: 'Events consumed', labelNames: ['topic'], registers });
    this.deadLettered = new Counter({
      name: 'paspoort_dlq_messages_total',
      help: 'Messages sent to a DLQ',
      labelNames: ['topic'],
      registers,
    });
    this.consumerPaused = new Gauge({
      name: 'paspoort_consumer_paused',
      help: '1 while a transient failure pauses consumption',
      registers,
    });
    this.stateLag = new Gauge({
      name: 'paspoort_state_view_lag_messages',
      help: 'Messages behind the latest offsets per state topic',
      labelNames: ['topic'],
      registers,
    });
    this.stateConfirmationAge = new Gauge({
      name: 'paspoort_state_view_confirmation_age_seconds',
      help: 'Seconds since the state view was last confirmed current with the broker',
      labelNames: ['topic'],
      registers,
    });
    this.stateRepublished = new Counter({
      name: 'paspoort_state_values_republished_total',
      help: 'Current values re-published from the database onto a state topic the broker had lost',
      labelNames: ['topic'],
      registers,
    });
  }
}
