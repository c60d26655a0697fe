import type { NestExpressApplication } from '@nestjs/platform-express';
import { TOPICS, type EventEnvelope } from '@paspoort/contracts';
import {
  createTestDatabase,
  eventually,
  jsonValues,
  PrivateBroker,
  readTopic,
  serviceTestEnv,
  startTestService,
  uniqueTopicPrefix,
  withDatabase,
} from '@paspoort/testing';
import request from 'supertest';
import { RelayTestModule } from './relay-test.module';

/** Outage test: breaks only the broker it started itself. */
describe('outbox relay across a broker outage, with two service instances', () => {
  const broker = new PrivateBroker();
  const apps: NestExpressApplication[] = [];
  let databaseUrl: string;
  let prefix: string;

  beforeAll(async () => {
    await broker.start();
    databaseUrl = (await createTestDatabase()).url;
    prefix = uniqueTopicPrefix('outage');
    for (let i = 0; i < 2; i++) {
      apps.push(await startTestService(RelayTestModule, serviceTestEnv({ databaseUrl, topicPrefix: prefix, brokers: broker.brokers })));
    }
  }, 120000);

  afterAll(async () => {
    await Promise.all(apps.map((a) => a.close()));
    await broker.destroy();
  }, 60000);

  it('ok/200 changes committed while the broker is down all arrive after it returns, in order per key, each with one effect', async () => {
    await broker.stop();
    const keys = ['p-a', 'p-b', 'p-c', 'p-d'];
    for (let n = 1; n <= 200; n++) {
      const app = apps[n % 2];
      await request(app.getHttpServer())
        .post('/changes')
        .send({ personId: keys[n % keys.length], n })
        .expect(201);
    }
    await broker.start();
    const effects = await eventually(
      async () => {
        const rows = await withDatabase(
          databaseUrl,
          async (c) =>
            (
              await c.query<{ person_id: string; n: number; event_id: string }>(
                'SELECT person_id, n, event_id FROM audit.effects ORDER BY id',
              )
            ).rows,
        );
        return rows.length >= 200 && rows;
      },
      { timeoutMs: 90000, intervalMs: 500 },
    );
    expect(effects).toHaveLength(200);
    expect(new Set(effects.map((e) => e.event_id)).size).toBe(200);
    for (const key of keys) {
      const sequence = effects.filter((e) => e.person_id === key).map((e) => e.n);
      expect(sequence).toEqual([...sequence].sort((a, b) => a - b));
    }
    const published = jsonValues<EventEnvelope<'grant.changed'>>(
      await readTopic(`${prefix}${TOPICS.logins}`, (m) => m.length >= 200, { brokers: broker.brokers, timeoutMs: 30000 }),
    );
    for (const key of keys) {
      const onTopic = published.filter((e) => e.refs.personId === key).map((e) => Number(e.data.role.slice(4)));
      expect(onTopic).toEqual([...onTopic].sort((a, b) => a - b));
    }
  }, 180000);
});
