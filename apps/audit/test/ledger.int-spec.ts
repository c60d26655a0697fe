import { EVENT_TYPES, TOPICS, type EventEnvelope } from '@paspoort/contracts';
import { eventually, TEST_BOOTSTRAP_TOKEN } from '@paspoort/testing';
import request from 'supertest';
import { LedgerIngestService } from '../src/ledger/ledger-ingest.service';
import { AuditHarness, sample } from './audit-harness';

type Row = { event_id: string; type: string; n: string };

describe('audit ledger ingest (real Kafka and Postgres)', () => {
  let h: AuditHarness;

  beforeAll(async () => {
    h = await AuditHarness.create({ PASPOORT_AUDIT_CHECKPOINT_EVERY: '100' });
    await h.start();
  });

  afterAll(async () => {
    await h?.close();
  });

  it('ok/every event type of the contract is stored exactly once, redelivered or not; checkpoints are not ingested', async () => {
    const ingested = EVENT_TYPES.filter((t) => t !== 'audit.checkpoint').map((t) => sample(t));
    const checkpoint = sample('audit.checkpoint');
    await h.publishMany([...ingested, checkpoint, ...ingested]);
    const marker = sample('grant.changed');
    await h.publishMany([marker]);
    await eventually(async () => (await h.sql(`SELECT 1 FROM audit.ledger WHERE event_id = $1`, [marker.id])).length === 1);
    const rows = await h.sql<Row>(`SELECT event_id, type, count(*) OVER (PARTITION BY event_id) AS n FROM audit.ledger`);
    for (const event of ingested)
      expect(rows.filter((r) => r.event_id === event.id)).toEqual([{ event_id: event.id, type: event.type, n: '1' }]);
    expect(rows.some((r) => r.event_id === checkpoint.id)).toBe(false);
    const [stored] = await h.sql<{ event: string; topic: string; sequence: string }>(
      `SELECT event, topic, sequence FROM audit.ledger WHERE event_id = $1`,
      [ingested[0].id],
    );
    expect(JSON.parse(stored.event)).toEqual(ingested[0]);
    expect(stored.topic).toBe(TOPICS.certificates);
  });

  it('ok/sequences are gapless and a poison message goes to the DLQ without blocking', async () => {
    await h.publisher.raw(TOPICS.logins, 'x', '{not json');
    await h.publisher.raw(TOPICS.logins, 'x', JSON.stringify(sample('certificate.issued')));
    const after = sample('logout');
    await h.publishMany([after]);
    await eventually(async () => (await h.sql(`SELECT 1 FROM audit.ledger WHERE event_id = $1`, [after.id])).length === 1);
    const [gaps] = await h.sql<{ max: string; n: string }>(`SELECT max(sequence) AS max, count(*) AS n FROM audit.ledger`);
    expect(gaps.max).toBe(gaps.n);
  });

  it('ok/a restarted service adds no duplicate and continues the chain', async () => {
    const before = await h.ledgerCount();
    const old = (await h.sql<{ event: string }>(`SELECT event FROM audit.ledger ORDER BY sequence LIMIT 5`)).map(
      (r) => JSON.parse(r.event) as EventEnvelope,
    );
    await h.stop(h.apps[0]);
    const fresh = Array.from({ length: 20 }, () => sample('access.granted'));
    await h.publishMany([...old, ...fresh]);
    await h.start();
    await h.waitForCount(before + 20);
    await new Promise((r) => setTimeout(r, 500));
    expect(await h.ledgerCount()).toBe(before + 20);
  });

  it('ok/two instances keep one chain: one writer at a time, the other takes over', async () => {
    const second = await h.start();
    const [first] = h.apps;
    const writers = () => h.apps.filter((a) => a.get(LedgerIngestService).isWriter);
    await eventually(() => writers().length === 1);
    const start = await h.ledgerCount();
    await h.publishMany(Array.from({ length: 500 }, (_, i) => sample('login.failed', { subject: `n${i}` })));
    await h.waitForCount(start + 500);
    const leader = writers()[0];
    await h.stop(leader);
    await h.publishMany(Array.from({ length: 500 }, () => sample('login.succeeded')));
    await h.waitForCount(start + 1000, 40000);
    const survivor = leader === first ? second : first;
    expect(survivor.get(LedgerIngestService).isWriter).toBe(true);
    const [gaps] = await h.sql<{ max: string; n: string }>(`SELECT max(sequence) AS max, count(*) AS n FROM audit.ledger`);
    expect(gaps.max).toBe(gaps.n);
    const report = await request(survivor.getHttpServer()).get('/audit/verify').auth(TEST_BOOTSTRAP_TOKEN, { type: 'bearer' });
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ ok: true, firstBrokenSequence: null });
    expect(report.body.checked).toBeGreaterThanOrEqual(Number(gaps.n));
  });

  it('ok/metrics show ingest, lag and the ledger head', async () => {
    const text = (await request(h.apps[0].getHttpServer()).get('/metrics').expect(200)).text;
    expect(text).toMatch(/paspoort_audit_ingested_events_total\{topic="paspoort.logins.v1"[^}]*\} \d+/);
    expect(text).toMatch(/paspoort_audit_consumer_lag_messages\{/);
    expect(text).toMatch(/paspoort_audit_ledger_head_sequence\{[^}]*\} [1-9]/);
  });
});
