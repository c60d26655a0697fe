import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { buildEvent } from '@paspoort/contracts';
import { OutboxWriter } from '@paspoort/messaging';
import type { DataSource, EntityManager } from 'typeorm';
import { AUDIT_CONFIG, type AuditConfig } from '../config/audit.config';
import { GENESIS_HASH } from './chain-hash';
import { chainRows, column, newEventsOnly, type LedgerRow, type ReceivedEvent } from './ledger-row';
import { LedgerSigner, type LedgerHead } from './ledger-signer';
import { AUDIT_CLOCK, ledgerAppendLock, type Clock } from './ledger.tokens';

export interface AppendResult {
  appended: number;
  head: LedgerHead;
}

/**
 * Appends events to the hash chain, one transaction per call: the head's sequence plus one, the previous hash,
 * the last row of every append signed, a checkpoint published through the outbox every N events.
 * Appends are serialised by a transaction advisory lock, so even two writers could never fork the chain.
 */
@Injectable()
export class LedgerWriter {
  private readonly schema: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly signer: LedgerSigner,
    @Inject(AUDIT_CONFIG) private readonly config: AuditConfig,
    @Inject(AUDIT_CLOCK) private readonly clock: Clock,
  ) {
    this.schema = config.common.schema;
  }

  async append(events: readonly ReceivedEvent[]): Promise<AppendResult> {
    return this.dataSource.transaction(async (m) => {
      const head = await this.lockedHead(m);
      const stored = await this.storedIds(m, events);
      const rows = chainRows(head, newEventsOnly(events, stored));
      if (rows.length === 0) return { appended: 0, head };
      const last = rows[rows.length - 1];
      last.signature = this.signer.sign(last).signature;
      await this.insert(m, rows);
      const newHead = { sequence: last.sequence, hash: last.hash };
      if (newHead.sequence - (await this.lastCheckpoint(m)) >= this.config.ledger.checkpointEvery) await this.checkpoint(m, newHead);
      return { appended: rows.length, head: newHead };
    });
  }

  /** Signs and publishes the head when it moved since the last checkpoint (the M-seconds rule). */
  async checkpointIfMoved(): Promise<LedgerHead | undefined> {
    return this.dataSource.transaction(async (m) => {
      const head = await this.lockedHead(m);
      if (head.sequence === 0 || head.sequence <= (await this.lastCheckpoint(m))) return undefined;
      await this.checkpoint(m, head);
      return head;
    });
  }

  async head(): Promise<LedgerHead> {
    return this.readHead(this.dataSource.manager);
  }

  private async lockedHead(m: EntityManager): Promise<LedgerHead> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [ledgerAppendLock(this.schema)]);
    return this.readHead(m);
  }

  private async readHead(m: EntityManager): Promise<LedgerHead> {
    const rows: { sequence: string; hash: string }[] = await m.query(
      `SELECT sequence, hash FROM "${this.schema}".ledger ORDER BY sequence DESC LIMIT 1`,
    );
    return rows.length === 0 ? { sequence: 0, hash: GENESIS_HASH } : { sequence: Number(rows[0].sequence), hash: rows[0].hash };
  }

  private async storedIds(m: EntityManager, events: readonly ReceivedEvent[]): Promise<Set<string>> {
    const ids = events.map((e) => e.event.id);
    const rows: { event_id: string }[] = await m.query(`SELECT event_id FROM "${this.schema}".ledger WHERE event_id = ANY($1::uuid[])`, [
      ids,
    ]);
    return new Set(rows.map((r) => r.event_id.toLowerCase()));
  }

  private async lastCheckpoint(m: EntityManager): Promise<number> {
    const [row]: { sequence: string | null }[] = await m.query(`SELECT max(sequence) AS sequence FROM "${this.schema}".checkpoints`);
    return Number(row.sequence ?? 0);
  }

  private async checkpoint(m: EntityManager, head: LedgerHead): Promise<void> {
    const signed = this.signer.sign(head);
    const now = this.clock.now();
    await m.query(
      `INSERT INTO "${this.schema}".checkpoints (sequence, hash, signature, key_id, algorithm, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [head.sequence, head.hash, signed.signature, signed.keyId, signed.algorithm, now],
    );
    const event = buildEvent({
      type: 'audit.checkpoint',
      source: 'audit',
      environment: null,
      subject: 'ledger',
      actor: 'service:audit',
      occurredAt: now,
      data: { sequence: head.sequence, hash: head.hash, ...signed },
    });
    await this.outbox.publishEvent(m, event);
  }

  private async insert(m: EntityManager, rows: LedgerRow[]): Promise<void> {
    const at = this.clock.now();
    const col = <T>(pick: (row: LedgerRow) => T): T[] => rows.map(pick);
    await m.query(
      `INSERT INTO "${this.schema}".ledger (sequence, event_id, topic, event, type, occurred_at, environment, source, subject, actor, outcome,
         person_id, serial, organisation_id, ingested_at, hash, signature)
       SELECT s, i, tp, e, ty, o, env, src, sub, act, out, p, se, org, $15, h, sig
       FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::text[], $8::text[], $9::text[],
         $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $16::text[], $17::text[])
         AS r(s, i, tp, e, ty, o, env, src, sub, act, out, p, se, org, h, sig)`,
      [
        col((r) => r.sequence),
        col((r) => r.received.event.id),
        col((r) => r.received.topic),
        col((r) => r.received.raw),
        col((r) => r.received.event.type),
        col((r) => r.received.event.occurredAt),
        col((r) => r.received.event.environment),
        col((r) => r.received.event.source),
        col((r) => column(r.received.event.subject)),
        col((r) => column(r.received.event.actor)),
        col((r) => r.received.event.outcome),
        col((r) => column(r.received.event.refs.personId)),
        col((r) => r.received.event.refs.serial ?? null),
        col((r) => column(r.received.event.refs.organisationId)),
        at,
        col((r) => r.hash),
        col((r) => r.signature),
      ],
    );
  }
}
