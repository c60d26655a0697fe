import type { NestExpressApplication } from '@nestjs/platform-express';
import { TOPICS, type TokenKeyValue } from '@paspoort/contracts';
import { StateTopicRestorer } from '@paspoort/messaging';
import { jsonValues, readTopic, TEST_BOOTSTRAP_TOKEN, uniqueTopicPrefix, withDatabase } from '@paspoort/testing';
import request from 'supertest';
import { main as republishCli } from '../src/cli/state-republish';
import { AuthnHarness } from './support/authn-harness';

describe('authn: a token-keys topic the broker lost is re-published from the database (real Kafka and Postgres)', () => {
  let h: AuthnHarness;
  let second: NestExpressApplication;
  const newPrefix = uniqueTopicPrefix('authnrst');
  const withoutTls = { PASPOORT_TLS_LISTENERS: 'off' };

  const storedRevisions = () =>
    withDatabase(h.databaseUrl, async (c) => {
      const rows = (await c.query(`SELECT kid, revision FROM "authn".token_keys`)).rows as { kid: string; revision: number }[];
      return new Map(rows.map((r) => [r.kid, r.revision]));
    });
  const outboxRows = (topic: string) =>
    withDatabase(
      h.databaseUrl,
      async (c) => (await c.query(`SELECT count(*)::int AS n FROM "authn".outbox WHERE topic = $1`, [topic])).rows[0].n as number,
    );

  /** The latest value per kid, read until every stored key has reached its stored revision. */
  async function latestKeys(prefix: string): Promise<Map<string, TokenKeyValue>> {
    const expected = await storedRevisions();
    const latest = new Map<string, TokenKeyValue>();
    const reached = () => [...expected].every(([kid, revision]) => (latest.get(kid)?.revision ?? 0) >= revision);
    await readTopic(`${prefix}${TOPICS.tokenKeys}`, (messages) => {
      const [value] = jsonValues<TokenKeyValue>(messages.slice(-1));
      if ((latest.get(value.key)?.revision ?? 0) < value.revision) latest.set(value.key, value);
      return reached();
    });
    if (!reached()) throw new Error(`${prefix}${TOPICS.tokenKeys} did not reach the stored revisions`);
    return latest;
  }

  beforeAll(async () => {
    h = await AuthnHarness.create();
  });

  afterAll(async () => h?.close());

  it('ok/authn restarted against an empty topic re-publishes current, previous and retired keys at their revisions', async () => {
    const first = await h.start(withoutTls);
    for (let i = 0; i < 2; i++) {
      await request(first.getHttpServer())
        .post('/token-keys/rotate')
        .set({ Authorization: `Bearer ${TEST_BOOTSTRAP_TOKEN}` })
        .expect(200);
    }
    const published = await latestKeys(h.prefix);
    expect([...published.values()].map((v) => v.status).sort()).toEqual(['current', 'previous', 'retired']);
    await stop(first);

    second = await h.start({ ...withoutTls, PASPOORT_TOPIC_PREFIX: newPrefix });
    const restored = await latestKeys(newPrefix);
    expect(restored.size).toBe(3);
    for (const [kid, value] of published)
      expect({ ...restored.get(kid), updatedAt: undefined }).toEqual({ ...value, updatedAt: undefined });
    expect(JSON.stringify([...restored.values()])).not.toMatch(/"d"|PRIVATE/);
    expect(await outboxRows(`${newPrefix}${TOPICS.tokenKeys}`)).toBe(3);
  });

  it('fail/a token-keys topic that holds data is left alone: a second check re-publishes nothing', async () => {
    await latestKeys(newPrefix);
    expect((await second.get(StateTopicRestorer).restoreLostTopics()).size).toBe(0);
    expect(await outboxRows(`${newPrefix}${TOPICS.tokenKeys}`)).toBe(3);
  });

  it('ok/npm run state:republish writes every key into the outbox', async () => {
    const prefix = uniqueTopicPrefix('authnrst');
    expect(await republishCli({ DATABASE_URL: h.databaseUrl, PASPOORT_TOPIC_PREFIX: prefix })).toBe(0);
    expect(await outboxRows(`${prefix}${TOPICS.tokenKeys}`)).toBe(3);
  });

  async function stop(app: NestExpressApplication): Promise<void> {
    await app.close();
    h.apps.splice(h.apps.indexOf(app), 1);
  }
});
