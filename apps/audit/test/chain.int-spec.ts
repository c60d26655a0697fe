import { messagingOptionsFrom, readCommonConfig, EnvReader, dataSourceOptions } from '@paspoort/service-kit';
import { eventually, TEST_BOOTSTRAP_TOKEN, withDatabase } from '@paspoort/testing';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { chainHash } from '../src/ledger/chain-hash';
import { LedgerSigner } from '../src/ledger/ledger-signer';
import { readPublishedCheckpoints } from '../src/verify/checkpoint-topic';
import type { Checkpoint } from '../src/verify/chain-walk';
import { verifyLedger } from '../src/verify/verify-ledger';
import { AuditHarness, sample } from './audit-harness';

const EVENTS = 10_000;

describe('audit hash chain, checkpoints and tamper evidence (real Kafka and Postgres)', () => {
  let h: AuditHarness;
  let dataSource: DataSource;

  beforeAll(async () => {
    h = await AuditHarness.create({ PASPOORT_AUDIT_CHECKPOINT_EVERY: '1000' });
    await h.start();
    dataSource = new DataSource(dataSourceOptions({ url: h.databaseUrl, schema: 'audit', poolSize: 2, entities: [], migrations: [] }));
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await h?.close();
  });

  const verify = async () => {
    const options = messagingOptionsFrom(readCommonConfig(new EnvReader(h.env()), 'audit'));
    return verifyLedger(dataSource, {
      schema: 'audit',
      signer: new LedgerSigner(h.signingSeed),
      externalCheckpoints: await readPublishedCheckpoints(options),
    });
  };

  it(`ok/${EVENTS} events are chained and verify, over HTTP too`, async () => {
    const started = Date.now();
    await h.publishMany(Array.from({ length: EVENTS }, (_, i) => sample(i % 2 ? 'access.denied' : 'access.granted')));
    await h.waitForCount(EVENTS, 45000);
    const [span] = await h.sql<{ ms: string }>(
      `SELECT extract(epoch FROM max(ingested_at) - min(ingested_at)) * 1000 AS ms FROM audit.ledger`,
    );
    process.stdout.write(
      `ingested ${EVENTS} events in ${Date.now() - started} ms with publishing; appends spanned ${Math.round(Number(span.ms))} ms\n`,
    );
    const response = await request(h.apps[0].getHttpServer())
      .get('/audit/verify')
      .auth(TEST_BOOTSTRAP_TOKEN, { type: 'bearer' })
      .expect(200);
    expect(response.body).toMatchObject({ ok: true, firstBrokenSequence: null });
    expect(response.body.checked).toBeGreaterThanOrEqual(EVENTS);
    const [{ n }] = await h.sql<{ n: string }>(`SELECT count(*) AS n FROM audit.checkpoints`);
    expect(Number(n)).toBeGreaterThanOrEqual(10);
  });

  it.each([
    ['UPDATE', `UPDATE audit.ledger SET actor = 'bootstrap' WHERE sequence = 1`],
    ['DELETE', `DELETE FROM audit.ledger WHERE sequence = 1`],
    ['TRUNCATE', `TRUNCATE audit.ledger`],
    ['checkpoint DELETE', `DELETE FROM audit.checkpoints`],
  ])('fail/a plain %s is refused by the database itself', async (_, sql) => {
    await expect(h.sql(sql)).rejects.toThrow(/append-only/);
  });

  describe('tampering by a database administrator (triggers disabled) is found', () => {
    let head: number;
    let lastCheckpoint: number;

    beforeAll(async () => {
      await h.close(); // the writer stops: nothing changes the ledger but the attacker
      const published = (await eventually(async () => {
        const [{ n }] = await h.sql<{ n: string }>(`SELECT count(*) AS n FROM audit.checkpoints`);
        const topic = await readPublishedCheckpoints(messagingOptionsFrom(readCommonConfig(new EnvReader(h.env()), 'audit')));
        return topic.length === Number(n) && topic;
      })) as Checkpoint[];
      lastCheckpoint = Math.max(...published.map((c) => c.sequence));
      [{ head }] = (await h.sql<{ head: string }>(`SELECT max(sequence) AS head FROM audit.ledger`)).map((r) => ({ head: Number(r.head) }));
      await h.sql(
        `CREATE TABLE audit.ledger_copy AS SELECT * FROM audit.ledger; CREATE TABLE audit.checkpoints_copy AS SELECT * FROM audit.checkpoints`,
      );
      expect(await verify()).toMatchObject({ ok: true, checked: head });
    });

    afterEach(async () => {
      await h.sql(`ALTER TABLE audit.ledger DISABLE TRIGGER USER; ALTER TABLE audit.checkpoints DISABLE TRIGGER USER;
        DELETE FROM audit.ledger; INSERT INTO audit.ledger SELECT * FROM audit.ledger_copy;
        DELETE FROM audit.checkpoints; INSERT INTO audit.checkpoints SELECT * FROM audit.checkpoints_copy;
        ALTER TABLE audit.ledger ENABLE TRIGGER USER; ALTER TABLE audit.checkpoints ENABLE TRIGGER USER`);
      expect((await verify()).ok).toBe(true);
    });

    /** Statements run as an administrator would: with the append-only triggers switched off. */
    const attack = (...statements: [string, unknown[]?][]) =>
      withDatabase(h.databaseUrl, async (c) => {
        await c.query(`ALTER TABLE audit.ledger DISABLE TRIGGER USER; ALTER TABLE audit.checkpoints DISABLE TRIGGER USER`);
        for (const [sql, params] of statements) await c.query(sql, params ?? []);
      });

    it('ok/after a signing-key rotation the ledger verifies with the retired public key, and not without it', async () => {
      const retired = Buffer.from(new LedgerSigner(h.signingSeed).publicKeys()[0].publicKey, 'base64');
      const rotated = (retiredKeys: Buffer[]) =>
        verifyLedger(dataSource, { schema: 'audit', signer: new LedgerSigner(randomBytes(32), retiredKeys), externalCheckpoints: [] });
      expect(await rotated([retired])).toMatchObject({ ok: true, checked: head });
      expect(await rotated([])).toMatchObject({ ok: false });
    });

    it('fail/an edited event', async () => {
      await attack([`UPDATE audit.ledger SET event = replace(event, '"outcome":"success"', '"outcome":"refused"') WHERE sequence = 500`]);
      expect(await verify()).toMatchObject({ ok: false, firstBrokenSequence: 500 });
    });

    it('fail/a deleted row', async () => {
      await attack([`DELETE FROM audit.ledger WHERE sequence = 700`]);
      expect(await verify()).toMatchObject({ ok: false, firstBrokenSequence: 700 });
    });

    it('fail/a forged row appended with a correct hash', async () => {
      const [last] = await h.sql<{ hash: string; event: string }>(`SELECT hash, event FROM audit.ledger WHERE sequence = $1`, [head]);
      const forged = sample('certificate.revoked');
      await attack([
        `INSERT INTO audit.ledger SELECT $1, $2, topic, $3, type, occurred_at, environment, source, subject, actor, outcome, person_id, serial,
        organisation_id, ingested_at, $4, NULL FROM audit.ledger WHERE sequence = 1`,
        [head + 1, forged.id, JSON.stringify(forged), chainHash(last.hash, forged)],
      ]);
      const report = await verify();
      expect(report).toMatchObject({ ok: false });
      expect(report.firstBrokenSequence).toBeLessThanOrEqual(head + 1);
    });

    it('fail/the newest rows and the database checkpoints truncated (caught by the published checkpoints)', async () => {
      // Cut back to a signed row, so the shortened chain is sound in itself and only a checkpoint held elsewhere shows it.
      const [{ cut }] = await h.sql<{ cut: string }>(
        `SELECT max(sequence) AS cut FROM audit.ledger WHERE signature IS NOT NULL AND sequence < $1`,
        [lastCheckpoint],
      );
      await attack([`DELETE FROM audit.ledger WHERE sequence > $1`, [cut]], [`DELETE FROM audit.checkpoints`]);
      const report = await verify();
      expect(report).toMatchObject({ ok: false, firstBrokenSequence: Number(cut) + 1 });
      expect(report.problem).toMatch(/checkpoint signed/);
    });

    it('fail/the whole table truncated', async () => {
      await attack([`TRUNCATE audit.ledger`], [`TRUNCATE audit.checkpoints`]);
      expect(await verify()).toMatchObject({ ok: false, checked: 0, firstBrokenSequence: 1 });
    });

    it('fail/an edit with the whole chain recomputed after it', async () => {
      await attack([`UPDATE audit.ledger SET event = replace(event, '"outcome":"success"', '"outcome":"refused"') WHERE sequence = 1500`]);
      const rows = await h.sql<{ sequence: string; event: string }>(
        `SELECT sequence, event FROM audit.ledger WHERE sequence >= 1500 ORDER BY sequence`,
      );
      let [{ hash }] = await h.sql<{ hash: string }>(`SELECT hash FROM audit.ledger WHERE sequence = 1499`);
      const hashes = rows.map((r) => (hash = chainHash(hash, JSON.parse(r.event))));
      await attack([
        `UPDATE audit.ledger l SET hash = r.hash FROM unnest($1::bigint[], $2::text[]) AS r(sequence, hash) WHERE l.sequence = r.sequence`,
        [rows.map((r) => r.sequence), hashes],
      ]);
      const report = await verify();
      expect(report).toMatchObject({ ok: false });
      expect(report.firstBrokenSequence).toBeLessThanOrEqual(1500);
      expect(report.firstBrokenSequence).toBeGreaterThan(1000);
    });
  });
});
