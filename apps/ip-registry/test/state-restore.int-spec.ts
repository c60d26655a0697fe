import { TOPICS, type IpRegistrationStateTopicValue } from '@paspoort/contracts';
import { StateTopicRestorer } from '@paspoort/messaging';
import { jsonValues, readTopic, uniqueTopicPrefix, withDatabase } from '@paspoort/testing';
import { main as republishCli } from '../src/cli/state-republish';
import { DAY, IpRegistryHarness } from './support/ip-registry-harness';

describe('ip-registry: a registration-state topic the broker lost is re-published from the database (real Kafka and Postgres)', () => {
  let h: IpRegistryHarness;
  const newPrefix = uniqueTopicPrefix('iprrst');

  /** Stored revision per state key: one per certificate with registrations, one per environment whose instant was set. */
  const storedRevisions = () =>
    withDatabase(h.databaseUrl, async (c) => {
      const rows = (
        await c.query(
          `SELECT serial AS key, revision FROM "ip_registry".registration_state_revision
           UNION ALL SELECT 'enforcement:' || environment, revision FROM "ip_registry".enforcement WHERE revision > 0`,
        )
      ).rows as { key: string; revision: number }[];
      return new Map(rows.map((r) => [r.key, r.revision]));
    });
  const outboxRows = (topic: string) =>
    withDatabase(
      h.databaseUrl,
      async (c) => (await c.query(`SELECT count(*)::int AS n FROM "ip_registry".outbox WHERE topic = $1`, [topic])).rows[0].n as number,
    );

  /** The latest value per key, read until every stored key has reached its stored revision. */
  async function latestValues(prefix: string): Promise<Map<string, IpRegistrationStateTopicValue>> {
    const expected = await storedRevisions();
    const latest = new Map<string, IpRegistrationStateTopicValue>();
    const reached = () => [...expected].every(([key, revision]) => (latest.get(key)?.revision ?? 0) >= revision);
    await readTopic(`${prefix}${TOPICS.ipRegistrationState}`, (messages) => {
      const [value] = jsonValues<IpRegistrationStateTopicValue>(messages.slice(-1));
      if ((latest.get(value.key)?.revision ?? 0) < value.revision) latest.set(value.key, value);
      return reached();
    });
    if (!reached()) throw new Error(`${prefix}${TOPICS.ipRegistrationState} did not reach the stored revisions`);
    return latest;
  }

  beforeAll(async () => {
    h = await IpRegistryHarness.create('iprrst');
  });

  afterAll(async () => h?.close());

  it('ok/the registry restarted against an empty topic re-publishes every registration state and enforcement instant', async () => {
    const register = async (serial: string, body: object) =>
      (await h.http().post(`/certificates/${serial}/ip-registrations`).set(h.operator).send(body).expect(201)).body as { id: string };
    const kassa = await h.certificate();
    await register(kassa, { address: '192.0.2.7' });
    await register(kassa, { address: '198.51.100.0/24', validUntil: new Date(h.clock.now().getTime() + 30 * DAY).toISOString() });
    const gone = await h.certificate({ organisationId: '22222222' });
    const { id } = await register(gone, { address: '203.0.113.9' });
    await h.http().delete(`/ip-registrations/${id}`).set(h.operator).expect(200);
    await h.http().put('/enforcement/acceptance').set(h.operator).send({ enforcedFrom: '2030-01-01T00:00:00.000Z' }).expect(200);
    const published = await latestValues(h.prefix);
    expect(published.size).toBe(3);

    await h.restart(newPrefix);
    const restored = await latestValues(newPrefix);
    expect(restored.size).toBe(3);
    for (const [key, value] of published)
      expect({ ...restored.get(key), updatedAt: undefined }).toEqual({ ...value, updatedAt: undefined });
    expect(restored.get(gone)).toMatchObject({ kind: 'registrations', registrations: [], revision: 2, organisationId: '22222222' });
    expect(await outboxRows(`${newPrefix}${TOPICS.ipRegistrationState}`)).toBe(3);
  });

  it('fail/a registration-state topic that holds data is left alone: a second check re-publishes nothing', async () => {
    await latestValues(newPrefix);
    expect((await h.app.get(StateTopicRestorer).restoreLostTopics()).size).toBe(0);
    expect(await outboxRows(`${newPrefix}${TOPICS.ipRegistrationState}`)).toBe(3);
  });

  it('ok/npm run state:republish writes every value into the outbox', async () => {
    const prefix = uniqueTopicPrefix('iprrst');
    expect(await republishCli({ DATABASE_URL: h.databaseUrl, PASPOORT_TOPIC_PREFIX: prefix })).toBe(0);
    expect(await outboxRows(`${prefix}${TOPICS.ipRegistrationState}`)).toBe(3);
  });
});
