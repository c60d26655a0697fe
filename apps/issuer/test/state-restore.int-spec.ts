import type { NestExpressApplication } from '@nestjs/platform-express';
import { TOPICS, type CaChainValue, type CertificateStatusValue, type StateValueBase } from '@paspoort/contracts';
import { MESSAGING_OPTIONS, OutboxWriter, StateTopicRestorer, type MessagingOptions } from '@paspoort/messaging';
import {
  createTestDatabase,
  eventually,
  jsonValues,
  PrivateBroker,
  readTopic,
  serviceTestEnv,
  TEST_BOOTSTRAP_TOKEN,
  TestPublisher,
  uniqueTopicPrefix,
  withDatabase,
} from '@paspoort/testing';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { main as republishCli } from '../src/cli/state-republish';
import { issuerStateSources } from '../src/state-topics/issuer-state-sources';
import { makeCsr, startIssuer, testKek } from './support/issuer-test-kit';

/** Certificates written straight into the table (no outbox rows): more than one restorer page of 500. */
const BULK = 1100;

/** The latest value per key of a state topic, read until every expected key has reached its expected revision. */
async function latestByKey<T extends StateValueBase>(
  topic: string,
  expected: ReadonlyMap<string, number>,
  { brokers, timeoutMs = 40000 }: { brokers?: string[]; timeoutMs?: number } = {},
): Promise<Map<string, T>> {
  const latest = new Map<string, T>();
  const reached = () => [...expected].every(([key, revision]) => (latest.get(key)?.revision ?? 0) >= revision);
  await readTopic(
    topic,
    (messages) => {
      const value = jsonValues<T>(messages.slice(-1))[0];
      if ((latest.get(value.key)?.revision ?? 0) < value.revision) latest.set(value.key, value);
      return reached();
    },
    { timeoutMs, brokers },
  );
  if (!reached()) throw new Error(`${topic} did not reach the expected revisions`);
  return latest;
}

/** Each certificate's current status revision. */
function storedRevisions(databaseUrl: string): Promise<Map<string, number>> {
  return withDatabase(databaseUrl, async (c) => {
    const rows = (await c.query(`SELECT serial, status_revision FROM issuer.certificates`)).rows as {
      serial: string;
      status_revision: number;
    }[];
    return new Map(rows.map((r) => [r.serial, r.status_revision]));
  });
}

const CHAINS = new Map([
  ['test', 1],
  ['acceptance', 1],
  ['production', 1],
]);

describe('issuer: state topics the broker lost are re-published from the database (real Kafka and Postgres)', () => {
  const kek = testKek();
  const operator = { Authorization: `Bearer ${TEST_BOOTSTRAP_TOKEN}` };
  let databaseUrl: string;
  let first: NestExpressApplication | undefined;
  let second: NestExpressApplication | undefined;
  let oldPrefix: string;
  let newPrefix: string;
  let revisions: Map<string, number>;
  const issued: string[] = [];

  const env = (prefix: string) => serviceTestEnv({ databaseUrl, topicPrefix: prefix }, { PASPOORT_CA_KEK: kek });
  const outboxRows = (topic: string) =>
    withDatabase(
      databaseUrl,
      async (c) => (await c.query(`SELECT count(*)::int AS n FROM issuer.outbox WHERE topic = $1`, [topic])).rows[0].n as number,
    );
  const currentRevisions = () => storedRevisions(databaseUrl);

  beforeAll(async () => {
    databaseUrl = (await createTestDatabase()).url;
    oldPrefix = uniqueTopicPrefix('rst');
    newPrefix = uniqueTopicPrefix('rst');
    first = await startIssuer(env(oldPrefix));
    const post = (path: string, body: object) => request(first!.getHttpServer()).post(path).set(operator).send(body);
    for (let i = 0; i < 3; i++) {
      const holder = { personId: `p-restore-${i}`, name: 'Restore Test' };
      const { body } = await post('/certificates', { csr: await makeCsr(), profile: 'personal', environment: 'test', holder }).expect(201);
      issued.push(body.serial as string);
    }
    await post(`/certificates/${issued[1]}/block`, { cause: 'lost' }).expect(200);
    await post(`/certificates/${issued[2]}/block`, { cause: 'requested' }).expect(200);
    await post(`/certificates/${issued[2]}/revoke`, { reason: 'keyCompromise' }).expect(200);
    await withDatabase(databaseUrl, (c) =>
      c.query(
        `INSERT INTO issuer.certificates (serial, environment, profile, person_id, person_name, organisation_id, organisation_name,
           system_name, fingerprint_sha256, subject_dn, pem, not_before, not_after, status, block_cause, revocation_reason, revoked_at,
           status_changed_at, status_revision, renews, created_at, created_by)
         SELECT 'b0' || lpad(to_hex(g), 6, '0'), environment, profile, person_id, person_name, organisation_id, organisation_name,
           system_name, md5(g::text) || md5(g::text), subject_dn, pem, not_before, not_after, status, block_cause, revocation_reason,
           revoked_at, status_changed_at, 1 + g % 4, renews, created_at, created_by
           FROM generate_series(1, ${BULK}) g, (SELECT * FROM issuer.certificates WHERE serial = $1) c`,
        [issued[0]],
      ),
    );
    revisions = await currentRevisions();
  }, 120000);

  afterAll(async () => {
    await first?.close();
    await second?.close();
  });

  it('ok/a first start publishes each CA chain once: values still waiting in the outbox are not doubled', async () => {
    const chains = await latestByKey<CaChainValue>(`${oldPrefix}${TOPICS.ca}`, CHAINS);
    expect([...chains.values()].map((c) => c.revision)).toEqual([1, 1, 1]);
    expect(await outboxRows(`${oldPrefix}${TOPICS.ca}`)).toBe(3);
    expect(await outboxRows(`${oldPrefix}${TOPICS.certificateStatus}`)).toBe(6);
  });

  it('ok/an issuer restarted against empty topics re-publishes every status and chain at its current revision, as first published', async () => {
    const published = await latestByKey<CertificateStatusValue>(
      `${oldPrefix}${TOPICS.certificateStatus}`,
      new Map(issued.map((serial) => [serial, revisions.get(serial)!])),
    );
    const originalChains = await latestByKey<CaChainValue>(`${oldPrefix}${TOPICS.ca}`, CHAINS);
    await first!.close();
    first = undefined;
    second = await startIssuer(env(newPrefix));

    const restored = await latestByKey<CertificateStatusValue>(`${newPrefix}${TOPICS.certificateStatus}`, revisions);
    expect(await currentRevisions()).toEqual(revisions);
    expect(restored.size).toBe(BULK + 3);
    for (const [serial, revision] of revisions) expect(restored.get(serial)?.revision).toBe(revision);
    for (const [serial, value] of published) expect(restored.get(serial)).toEqual(value);
    expect([...restored.values()].find((v) => v.status === 'revoked')).toMatchObject({ revocationReason: 'keyCompromise', revision: 3 });

    const chains = await latestByKey<CaChainValue>(`${newPrefix}${TOPICS.ca}`, CHAINS);
    for (const [environment, chain] of originalChains) {
      expect({ ...chains.get(environment), updatedAt: undefined }).toEqual({ ...chain, updatedAt: undefined });
    }
    expect(await outboxRows(`${newPrefix}${TOPICS.certificateStatus}`)).toBe(BULK + 3);
  });

  it('fail/a state topic that holds data is left alone: a second check re-publishes nothing', async () => {
    await latestByKey(`${newPrefix}${TOPICS.certificateStatus}`, revisions);
    const before = await outboxRows(`${newPrefix}${TOPICS.certificateStatus}`);
    expect((await second!.get(StateTopicRestorer).restoreLostTopics()).size).toBe(0);
    expect(await outboxRows(`${newPrefix}${TOPICS.certificateStatus}`)).toBe(before);
  });

  it('fail/only the empty topic is restored when another one of the service still holds data', async () => {
    const prefix = uniqueTopicPrefix('rst');
    const publisher = new TestPublisher(prefix);
    await publisher.ensureTopics();
    const stray = (await latestByKey<CertificateStatusValue>(`${newPrefix}${TOPICS.certificateStatus}`, revisions)).get(issued[0])!;
    await publisher.state(TOPICS.certificateStatus, stray);
    await publisher.close();
    const options: MessagingOptions = { ...second!.get<MessagingOptions>(MESSAGING_OPTIONS), topicPrefix: prefix };
    const dataSource = second!.get(DataSource);
    const restorer = new StateTopicRestorer(options, dataSource, new OutboxWriter(options, dataSource));
    for (const source of issuerStateSources()) restorer.register(source);
    expect([...(await restorer.restoreLostTopics())]).toEqual([[TOPICS.ca, 3]]);
  });

  it('ok/npm run state:republish writes every current value into the outbox whatever the broker holds', async () => {
    const prefix = uniqueTopicPrefix('rst');
    expect(await republishCli(env(prefix))).toBe(0);
    expect(await outboxRows(`${prefix}${TOPICS.certificateStatus}`)).toBe(BULK + 3);
    expect(await outboxRows(`${prefix}${TOPICS.ca}`)).toBe(3);
  });

  const cliFailures: [string, () => Promise<Record<string, string>>, number][] = [
    ['a database without the issuer schema is skipped', async () => ({ ...env('x.'), DATABASE_URL: (await createTestDatabase()).url }), 0],
    ['an invalid topic prefix is refused', async () => env('bad prefix!'), 1],
    ['an unreachable database is reported', async () => ({ ...env('x.'), DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' }), 1],
  ];
  it.each(cliFailures)('fail/state:republish: %s', async (_, cliEnv, code) => {
    const before = await outboxRows(`x.${TOPICS.certificateStatus}`);
    expect(await republishCli(await cliEnv())).toBe(code);
    expect(await outboxRows(`x.${TOPICS.certificateStatus}`)).toBe(before);
  });
});

/** Breaks only the broker it started itself. */
describe('issuer: the broker loses its data while the issuer runs (a private broker, wiped and started empty)', () => {
  const broker = new PrivateBroker();
  const prefix = uniqueTopicPrefix('wipe');
  let databaseUrl: string;
  let app: NestExpressApplication | undefined;

  beforeAll(async () => {
    await broker.start();
    databaseUrl = (await createTestDatabase()).url;
    app = await startIssuer(
      serviceTestEnv(
        { databaseUrl, topicPrefix: prefix, brokers: broker.brokers },
        { PASPOORT_CA_KEK: testKek(), PASPOORT_STATE_CHECK_INTERVAL_MS: '2000' },
      ),
    );
  }, 120000);

  afterAll(async () => {
    await app?.close();
    await broker.destroy();
  }, 60000);

  it('ok/the next write re-creates the topics and re-publishes every status and CA chain', async () => {
    const post = (path: string, body: object) =>
      request(app!.getHttpServer())
        .post(path)
        .set({ Authorization: `Bearer ${TEST_BOOTSTRAP_TOKEN}` })
        .send(body);
    const serials: string[] = [];
    for (let i = 0; i < 2; i++) {
      const holder = { personId: `p-wipe-${i}`, name: 'Wipe Test' };
      const { body } = await post('/certificates', { csr: await makeCsr(), profile: 'personal', environment: 'test', holder }).expect(201);
      serials.push(body.serial as string);
    }
    const brokers = broker.brokers;
    await latestByKey(`${prefix}${TOPICS.certificateStatus}`, await storedRevisions(databaseUrl), { brokers });

    await broker.destroy();
    await broker.start();
    await post(`/certificates/${serials[0]}/block`, { cause: 'lost' }).expect(200);

    const expected = await storedRevisions(databaseUrl);
    const restored = await eventually(
      () => latestByKey<CertificateStatusValue>(`${prefix}${TOPICS.certificateStatus}`, expected, { brokers, timeoutMs: 5000 }),
      { timeoutMs: 90000, intervalMs: 1000 },
    );
    expect(new Map([...restored].map(([serial, value]) => [serial, value.revision]))).toEqual(expected);
    expect(restored.get(serials[0])).toMatchObject({ status: 'blocked', blockCause: 'lost', revision: 2 });
    const chains = await latestByKey<CaChainValue>(`${prefix}${TOPICS.ca}`, CHAINS, { brokers });
    expect([...chains.keys()].sort()).toEqual(['acceptance', 'production', 'test']);
  }, 180000);

  it('ok/an idle issuer notices the wiped broker by itself (periodic check) and restores every status and chain', async () => {
    const brokers = broker.brokers;
    const holder = { personId: 'p-idle', name: 'Idle Test' };
    await request(app!.getHttpServer())
      .post('/certificates')
      .set({ Authorization: `Bearer ${TEST_BOOTSTRAP_TOKEN}` })
      .send({ csr: await makeCsr(), profile: 'personal', environment: 'test', holder })
      .expect(201);
    const expected = await storedRevisions(databaseUrl);
    await latestByKey(`${prefix}${TOPICS.certificateStatus}`, expected, { brokers });
    await broker.destroy();
    await broker.start();
    const restored = await eventually(
      () => latestByKey<CertificateStatusValue>(`${prefix}${TOPICS.certificateStatus}`, expected, { brokers, timeoutMs: 5000 }),
      { timeoutMs: 90000, intervalMs: 1000 },
    );
    expect(new Map([...restored].map(([serial, value]) => [serial, value.revision]))).toEqual(expected);
    const chains = await latestByKey<CaChainValue>(`${prefix}${TOPICS.ca}`, CHAINS, { brokers });
    expect([...chains.keys()].sort()).toEqual(['acceptance', 'production', 'test']);
  }, 180000);
});
