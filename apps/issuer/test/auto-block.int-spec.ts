import { buildEvent, TOPICS, type EventEnvelope } from '@paspoort/contracts';
import { eventually, jsonValues, readTopic, withDatabase } from '@paspoort/testing';
import { IssuerHarness, makeCsr } from './support/issuer-test-kit';

const HOUR = 3600_000;

describe('issuer: automatic block after repeated person.locked events (real Kafka and Postgres)', () => {
  let issuer: IssuerHarness;
  let operator: string;

  beforeAll(async () => {
    issuer = await IssuerHarness.start();
    operator = await issuer.operator('test');
  });

  afterAll(async () => {
    await issuer?.stop();
  });

  async function issue(personId: string, environment: 'test' | 'acceptance' = 'test'): Promise<string> {
    const token = environment === 'test' ? operator : await issuer.operator(environment);
    const { body } = await issuer.http
      .post('/certificates')
      .set('Authorization', `Bearer ${token}`)
      .send({ csr: await makeCsr(), profile: 'personal', environment, holder: { personId, name: `Person ${personId}` } })
      .expect(201);
    return body.serial as string;
  }

  const lock = (personId: string, occurredAt: Date) =>
    issuer.publisher.event(
      buildEvent({
        type: 'person.locked',
        source: 'authn',
        environment: 'test',
        subject: `person:${personId}`,
        actor: 'service:authn',
        refs: { personId },
        occurredAt,
        data: { personId, lockedUntil: new Date(occurredAt.getTime() + 15 * 60_000).toISOString(), consecutiveFailures: 5 },
      }),
    );

  const locksSeen = (personId: string) =>
    withDatabase(
      issuer.databaseUrl,
      async (c) =>
        (await c.query(`SELECT count(*)::int AS n FROM issuer.person_locks WHERE person_id = $1`, [personId])).rows[0].n as number,
    );

  const status = async (serial: string, env: 'test' | 'acceptance' = 'test') =>
    (
      await issuer.http
        .get(`/certificates/${serial}`)
        .set('Authorization', `Bearer ${env === 'test' ? operator : await issuer.operator(env)}`)
        .expect(200)
    ).body as { status: string; blockCause: string | null };

  it("ok/the third lock within 24 hours blocks the person's active personal certificates in that environment only", async () => {
    const [a, b] = [await issue('p-locked'), await issue('p-locked')];
    const other = await issue('p-locked', 'acceptance');
    const t0 = new Date();
    await lock('p-locked', new Date(t0.getTime() - 20 * HOUR));
    await issuer.publisher.event(
      buildEvent({
        type: 'login.failed',
        source: 'authn',
        environment: 'test',
        subject: 'person:p-locked',
        actor: 'service:authn',
        refs: { personId: 'p-locked' },
        data: { reason: 'TOTP_INVALID', sourceIp: '192.0.2.1', consecutiveFailures: 1 },
      }),
    );
    await lock('p-locked', new Date(t0.getTime() - 2 * HOUR));
    await eventually(async () => (await locksSeen('p-locked')) === 2);
    expect((await status(a)).status).toBe('active');

    await lock('p-locked', t0);
    await eventually(async () => (await status(a)).status === 'blocked');
    expect(await status(a)).toEqual(expect.objectContaining({ status: 'blocked', blockCause: 'suspected-misuse' }));
    expect(await status(b)).toEqual(expect.objectContaining({ status: 'blocked', blockCause: 'suspected-misuse' }));
    expect((await status(other, 'acceptance')).status).toBe('active');
    const events = jsonValues<EventEnvelope<'certificate.blocked'>>(
      await readTopic(
        issuer.topic(TOPICS.certificates),
        (m) => m.filter((x) => x.value?.toString().includes('certificate.blocked')).length >= 2,
      ),
    ).filter((e) => e.type === 'certificate.blocked');
    expect(events.map((e) => [e.subject, e.actor, e.data.cause]).sort()).toEqual(
      [
        [a, 'service:issuer', 'suspected-misuse'],
        [b, 'service:issuer', 'suspected-misuse'],
      ].sort(),
    );
  });

  it('ok/locks spread over more than the window do not block', async () => {
    const serial = await issue('p-spread');
    const t0 = new Date();
    for (const hoursAgo of [30, 25, 1]) await lock('p-spread', new Date(t0.getTime() - hoursAgo * HOUR));
    await eventually(async () => (await locksSeen('p-spread')) === 3);
    expect((await status(serial)).status).toBe('active');
  });
});
