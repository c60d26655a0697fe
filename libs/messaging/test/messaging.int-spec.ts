import type { NestExpressApplication } from '@nestjs/platform-express';
import { dlqTopic, TOPICS, type EventEnvelope } from '@paspoort/contracts';
import {
  createTestDatabase,
  eventually,
  readTopic,
  serviceTestEnv,
  startTestService,
  TcpFaultProxy,
  TestPublisher,
  uniqueTopicPrefix,
} from '@paspoort/testing';
import request from 'supertest';
import { RelayTestModule, resetEvent } from './relay-test.module';

type Effect = { person_id: string; n: number; event_id: string };

describe('outbox, relay and idempotent consumer (real Kafka and Postgres)', () => {
  let app: NestExpressApplication;
  let prefix: string;
  let publisher: TestPublisher;
  let proxy: TcpFaultProxy;

  beforeAll(async () => {
    const db = await createTestDatabase();
    prefix = uniqueTopicPrefix('msg');
    publisher = new TestPublisher(prefix);
    await publisher.ensureTopics();
    proxy = new TcpFaultProxy('127.0.0.1', 5432);
    await proxy.start();
    const url = new URL(db.url);
    url.host = `127.0.0.1:${proxy.port}`;
    app = await startTestService(RelayTestModule, serviceTestEnv({ databaseUrl: url.toString(), topicPrefix: prefix }));
  });

  afterAll(async () => {
    await app?.close();
    await publisher?.close();
    await proxy?.stop();
  });

  const effects = async (): Promise<Effect[]> => (await request(app.getHttpServer()).get('/effects').expect(200)).body as Effect[];

  it('ok/a committed change is published and consumed with exactly one effect, also when redelivered', async () => {
    await request(app.getHttpServer()).post('/changes').send({ personId: 'p-once', n: 1 }).expect(201);
    const first = await eventually(async () => (await effects()).find((e) => e.person_id === 'p-once'));
    const [message] = await readTopic(`${prefix}${TOPICS.logins}`, (m) => m.some((x) => x.value?.toString().includes(first.event_id)));
    await publisher.raw(TOPICS.logins, 'p-once', message.value!);
    await request(app.getHttpServer()).post('/changes').send({ personId: 'p-once', n: 2 }).expect(201);
    await eventually(async () => (await effects()).some((e) => e.person_id === 'p-once' && e.n === 2));
    expect((await effects()).filter((e) => e.person_id === 'p-once').map((e) => e.n)).toEqual([1, 2]);
  });

  it('ok/a rolled-back change publishes nothing', async () => {
    await request(app.getHttpServer()).post('/changes').send({ personId: 'p-rollback', n: 1, rollback: true }).expect(500);
    await request(app.getHttpServer()).post('/changes').send({ personId: 'p-rollback', n: 2 }).expect(201);
    await eventually(async () => (await effects()).some((e) => e.person_id === 'p-rollback' && e.n === 2));
    const all = await readTopic(`${prefix}${TOPICS.logins}`, (m) => m.filter((x) => x.key?.toString() === 'p-rollback').length >= 1, {
      timeoutMs: 3000,
    });
    const seqs = all
      .filter((m) => m.key?.toString() === 'p-rollback')
      .map((m) => (JSON.parse(m.value!.toString()) as EventEnvelope<'grant.changed'>).data.role);
    expect(seqs).toEqual(['seq-2']);
  });

  it('fail/a malformed message goes to the DLQ with its reason and the next good message is processed', async () => {
    await publisher.raw(TOPICS.logins, 'p-poison', '{not json');
    await publisher.raw(TOPICS.logins, 'p-poison', JSON.stringify({ ...resetEvent('p-poison', 0), type: 'login.exploded' }));
    await publisher.event(resetEvent('p-poison', 3));
    await eventually(async () => (await effects()).some((e) => e.person_id === 'p-poison' && e.n === 3));
    const dead = await readTopic(`${prefix}${dlqTopic(TOPICS.logins)}`, (m) => m.length >= 2);
    expect(dead.map((m) => m.headers?.['paspoort-dlq-reason']?.toString())).toEqual([
      'message is not valid JSON',
      expect.stringContaining('unknown event type'),
    ]);
  });

  it('fail/a database outage pauses consumption and readiness, then it resumes without losing a message', async () => {
    proxy.cut();
    await publisher.event(resetEvent('p-outage', 7));
    await eventually(async () => (await request(app.getHttpServer()).get('/health/ready')).status === 503);
    await new Promise((r) => setTimeout(r, 1500));
    proxy.restore();
    await eventually(async () => (await effects()).some((e) => e.person_id === 'p-outage' && e.n === 7), { timeoutMs: 30000 });
    await eventually(async () => (await request(app.getHttpServer()).get('/health/ready')).status === 200, { timeoutMs: 30000 });
  });
});
