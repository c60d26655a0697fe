import { Inject, Injectable } from '@nestjs/common';
import { METRICS_REGISTRY } from '@paspoort/messaging';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Ingest rate, consumer lag and ledger head, on the service's /metrics. */
@Injectable()
export class LedgerMetrics {
  readonly ingested: Counter<'topic'>;
  readonly duplicates: Counter;
  readonly consumerLag: Gauge<'topic' | 'partition'>;
  readonly headSequence: Gauge;
  readonly ingestRate: Gauge;
  readonly batchSeconds: Histogram;
  readonly writer: Gauge;
  private window = { since: Date.now(), count: 0 };

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    const registers = [registry];
    this.ingested = new Counter({
      name: 'paspoort_audit_ingested_events_total',
      help: 'Events appended to the ledger',
      labelNames: ['topic'],
      registers,
    });
    this.duplicates = new Counter({
      name: 'paspoort_audit_duplicate_events_total',
      help: 'Redelivered events skipped (already in the ledger)',
      registers,
    });
    this.consumerLag = new Gauge({
      name: 'paspoort_audit_consumer_lag_messages',
      help: 'Messages behind the latest offset, per topic partition',
      labelNames: ['topic', 'partition'],
      registers,
    });
    this.headSequence = new Gauge({ name: 'paspoort_audit_ledger_head_sequence', help: 'Sequence number of the ledger head', registers });
    this.ingestRate = new Gauge({
      name: 'paspoort_audit_ingest_rate_events_per_second',
      help: 'Events appended per second over the last completed 5-second window',
      registers,
    });
    this.batchSeconds = new Histogram({
      name: 'paspoort_audit_append_batch_seconds',
      help: 'Duration of one append transaction',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
    this.writer = new Gauge({
      name: 'paspoort_audit_ledger_writer_active',
      help: '1 on the instance that holds the ledger-writer lock',
      registers,
    });
  }

  recordAppend(topic: string, appended: number, received: number, headSequence: number): void {
    this.ingested.inc({ topic }, appended);
    this.duplicates.inc(received - appended);
    this.headSequence.set(headSequence);
    this.window.count += appended;
    const elapsed = Date.now() - this.window.since;
    if (elapsed >= 5000) {
      this.ingestRate.set(Math.round((this.window.count * 1000) / elapsed));
      this.window = { since: Date.now(), count: 0 };
    }
  }
}
