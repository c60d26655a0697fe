import type { NestExpressApplication } from '@nestjs/platform-express';
import { enforcementKey, TOPICS, type EventEnvelope, type IpRegistrationStateTopicValue } from '@paspoort/contracts';
import { eventually, readTopic, TEST_BOOTSTRAP_TOKEN } from '@paspoort/testing';
import request from 'supertest';
import { AuthnHarness } from './support/authn-harness';
import type { ClientCertificate } from '@paspoort/testing';
import { tlsRequest } from '@paspoort/testing';

describe('authn access decisions, tokens and grants (real Kafka, Postgres and TLS)', () => {
  let h: AuthnHarness;
  let app: NestExpressApplication;
  let gateway: ClientCertificate;
  let kassa: ClientCertificate;
  let doomed: ClientCertificate;
  let person: ClientCertificate;
  let gatewayToken: string;
  const bootstrap = { Authorization: `Bearer ${TEST_BOOTSTRAP_TOKEN}` };
  const ipState = (serial: string, revision: number, address: string): IpRegistrationStateTopicValue => ({
    key: serial,
    revision,
    updatedAt: new Date().toISOString(),
    kind: 'registrations',
    serial,
    environment: 'test',
    registrations: [{ id: `r-${serial}`, address, validFrom: '2020-01-01T00:00:00.000Z', validUntil: null }],
  });
  const enforcement = (revision: number, enforcedFrom: string | null): IpRegistrationStateTopicValue => ({
    key: enforcementKey('test'),
    revision,
    updatedAt: new Date().toISOString(),
    kind: 'enforcement',
    environment: 'test',
    enforcedFrom,
  });
  const check = async (cert: ClientCertificate, sourceIp: string, target = app) =>
    (
      await request(target.getHttpServer())
        .post('/access/check')
        .set({ Authorization: `Bearer ${gatewayToken}` })
        .send({ certificatePem: cert.pem, sourceIp, environment: 'test' })
        .expect(200)
    ).body as { decision: string; reason?: string; warnings: string[] };

  beforeAll(async () => {
    h = await AuthnHarness.create();
    gateway = await h.ca.issue('test', 'system', { organisationId: '12345678', organisationName: 'Hub', systemName: 'claims-gateway' });
    kassa = await h.ca.issue('test', 'system', { organisationId: '87654321', organisationName: 'Apotheek', systemName: 'kassa' });
    doomed = await h.ca.issue('test', 'system', { organisationId: '87654321', organisationName: 'Apotheek', systemName: 'backoffice' });
    person = await h.ca.issue('test', 'personal', { personId: 'p-1', name: 'Piet' });
    for (const c of [gateway, kassa, doomed, person]) await h.ca.publishStatus(h.publisher, c, 'active');
    await h.publisher.state(TOPICS.ipRegistrationState, ipState(gateway.serial, 1, '127.0.0.1'));
    await h.publisher.state(TOPICS.ipRegistrationState, ipState(kassa.serial, 1, '10.1.2.0/24'));
    await h.publisher.state(TOPICS.ipRegistrationState, ipState(doomed.serial, 1, '10.1.2.0/24'));
    await h.publisher.state(TOPICS.ipRegistrationState, enforcement(1, null));
    app = await h.start();
  });

  afterAll(async () => h?.close());

  it('ok/the JWKS lists the current key, and after a rotation the previous one too', async () => {
    const before = (await request(app.getHttpServer()).get('/.well-known/jwks.json').expect(200)).body as { keys: { kid: string }[] };
    expect(before.keys).toHaveLength(1);
    const { kid } = (await request(app.getHttpServer()).post('/token-keys/rotate').set(bootstrap).expect(200)).body as { kid: string };
    const after = (await request(app.getHttpServer()).get('/.well-known/jwks.json').expect(200)).body as {
      keys: { kid: string; d?: string }[];
    };
    expect(after.keys.map((k) => k.kid)).toEqual([kid, before.keys[0].kid]);
    expect(after.keys.every((k) => k.d === undefined)).toBe(true);
  });

  it('ok/an operator grants a role to a system; the change is listed and is a grant.changed event', async () => {
    const grant = { subject: 'system:12345678/claims-gateway', environment: 'test', role: 'gateway' };
    await request(app.getHttpServer()).put('/grants').set(bootstrap).send(grant).expect(200);
    const list = (await request(app.getHttpServer()).get('/grants?environment=test').set(bootstrap).expect(200)).body as {
      items: unknown[];
      nextCursor: null;
    };
    expect(list.items).toEqual([expect.objectContaining(grant)]);
    await readTopic(`${h.prefix}${TOPICS.logins}`, (m) => m.some((x) => x.value?.toString().includes('"grant.changed"')));
  });

  it.each([
    ['fail/unknown subject form', { subject: 'org:1', environment: 'test', role: 'gateway' }, 400, 'GRANT_INVALID'],
    ['fail/unknown role', { subject: 'person:p-1', environment: 'test', role: 'king' }, 400, 'GRANT_INVALID'],
    ['fail/unknown environment', { subject: 'person:p-1', environment: 'dev', role: 'operator' }, 400, 'GRANT_INVALID'],
  ])('%s', async (_name, body, status, code) => {
    const answer = await request(app.getHttpServer()).put('/grants').set(bootstrap).send(body).expect(status);
    expect(answer.body.error.code).toBe(code);
  });

  it('fail/withdrawing a grant nobody holds is 404 GRANT_NOT_FOUND', async () => {
    const answer = await request(app.getHttpServer())
      .delete('/grants')
      .set(bootstrap)
      .send({ subject: 'person:nobody', environment: 'test', role: 'operator' })
      .expect(404);
    expect(answer.body.error.code).toBe('GRANT_NOT_FOUND');
  });

  it('ok/a gateway gets a token with its system certificate and uses it on /access/check', async () => {
    const answer = await tlsRequest(h.port(app, 'system'), 'POST', '/token', { cert: gateway });
    expect(answer.status).toBe(200);
    gatewayToken = answer.body.token as string;
    const decision = await check(kassa, '10.1.2.3');
    expect(decision).toEqual({ decision: 'allow', warnings: [], serial: kassa.serial, organisationId: '87654321' });
  });

  it('fail/a system certificate without a grant gets no token; a personal one is refused on the system listener', async () => {
    expect((await tlsRequest(h.port(app, 'system'), 'POST', '/token', { cert: kassa })).body).toEqual({
      error: expect.objectContaining({ code: 'NO_GRANT' }),
    });
    expect((await tlsRequest(h.port(app, 'system'), 'POST', '/token', { cert: person })).body).toEqual({
      error: expect.objectContaining({ code: 'PERSONAL_CERTIFICATE_NOT_ALLOWED' }),
    });
    expect((await tlsRequest(h.port(app, 'system'), 'POST', '/token', {})).status).toBe(401);
  });

  it('ok/whoami answers the decision for the connection’s own address', async () => {
    const answer = await tlsRequest(h.port(app, 'system'), 'GET', '/access/whoami', { cert: gateway });
    expect(answer.body).toMatchObject({ decision: 'allow', warnings: [], serial: gateway.serial, sourceIp: '127.0.0.1' });
    const other = await tlsRequest(h.port(app, 'system', 'acceptance'), 'GET', '/access/whoami', { cert: gateway });
    expect(other.body).toMatchObject({ decision: 'deny', reason: 'WRONG_ENVIRONMENT' });
  });

  it('ok/an unregistered IP is warned in monitor mode and denied once enforced', async () => {
    expect(await check(kassa, '192.0.2.9')).toMatchObject({ decision: 'allow', warnings: ['IP_NOT_REGISTERED_MONITOR_ONLY'] });
    await h.publisher.state(TOPICS.ipRegistrationState, enforcement(2, '2020-01-01T00:00:00.000Z'));
    await eventually(async () => (await check(kassa, '192.0.2.9')).reason === 'IP_NOT_REGISTERED');
    expect(await check(kassa, '10.1.2.3')).toMatchObject({ decision: 'allow', warnings: [] });
  });

  it.each([['fail/personal certificate on the system API', () => person, 'PERSONAL_CERTIFICATE_NOT_ALLOWED']])(
    '%s',
    async (_name, cert, reason) => {
      expect(await check(cert(), '10.1.2.3')).toMatchObject({ decision: 'deny', reason });
    },
  );

  it('fail/a certificate of another environment or one the issuer never reported', async () => {
    const foreign = await h.ca.issue('acceptance', 'system', {
      organisationId: '87654321',
      organisationName: 'Apotheek',
      systemName: 'kassa',
    });
    expect(await check(foreign, '10.1.2.3')).toMatchObject({ decision: 'deny', reason: 'WRONG_ENVIRONMENT' });
    const unreported = await h.ca.issue('test', 'system', {
      organisationId: '87654321',
      organisationName: 'Apotheek',
      systemName: 'kassa',
    });
    expect(await check(unreported, '10.1.2.3')).toMatchObject({ decision: 'deny', reason: 'CERTIFICATE_UNKNOWN' });
    const bad = await request(app.getHttpServer())
      .post('/access/check')
      .set({ Authorization: `Bearer ${gatewayToken}` })
      .send({ certificatePem: 'garbage', sourceIp: '10.1.2.3', environment: 'test' })
      .expect(400);
    expect(bad.body.error.code).toBe('CERTIFICATE_MALFORMED');
  });

  it('fail/a revocation reaches two instances; a block denies the next check', async () => {
    const second = await h.start({ PASPOORT_TLS_LISTENERS: 'off' });
    expect(await check(doomed, '10.1.2.3', second)).toMatchObject({ decision: 'allow' });
    await h.ca.publishStatus(h.publisher, doomed, 'revoked');
    for (const target of [app, second])
      await eventually(async () => (await check(doomed, '10.1.2.3', target)).reason === 'CERTIFICATE_REVOKED');
    await h.ca.publishStatus(h.publisher, kassa, 'blocked');
    await eventually(async () => (await check(kassa, '10.1.2.3')).reason === 'CERTIFICATE_BLOCKED');
    const events = await readTopic(`${h.prefix}${TOPICS.logins}`, (m) =>
      m.some((x) => x.value?.toString().includes('CERTIFICATE_BLOCKED')),
    );
    const denied = events
      .map((m) => JSON.parse(m.value!.toString()) as EventEnvelope)
      .find((e) => e.type === 'access.denied' && JSON.stringify(e.data).includes('CERTIFICATE_BLOCKED'));
    expect(denied).toMatchObject({ outcome: 'refused', refs: { serial: kassa.serial, organisationId: '87654321' } });
  });

  it('fail/access checks need the gateway role', async () => {
    const answer = await request(app.getHttpServer())
      .post('/access/check')
      .send({ certificatePem: kassa.pem, sourceIp: '10.1.2.3', environment: 'test' })
      .expect(401);
    expect(answer.body.error.code).toBe('UNAUTHENTICATED');
  });
});
