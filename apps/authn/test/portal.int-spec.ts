import type { NestExpressApplication } from '@nestjs/platform-express';
import { TOPICS, type EventEnvelope } from '@paspoort/contracts';
import { eventually, readTopic, TEST_BOOTSTRAP_TOKEN, withDatabase } from '@paspoort/testing';
import request from 'supertest';
import { sessionCookieName } from '../src/sessions/sessions.service';
import { AuthnHarness } from './support/authn-harness';
import { secretOf, stepOf, totpCode } from './support/independent-totp';
import type { ClientCertificate } from '@paspoort/testing';
import { cookieOf, tlsRequest } from '@paspoort/testing';

describe('authn portal: personal certificate + TOTP over real TLS', () => {
  let h: AuthnHarness;
  let app: NestExpressApplication;
  let person: ClientCertificate;
  let secret: string;
  let port: number;
  const code = (offset = 0) => totpCode(secret, stepOf(h.clock.now()) + offset);
  const login = (c: string, cert = person) => tlsRequest(port, 'POST', '/login', { cert, body: { code: c } });
  const nextStep = () => h.clock.advance(30000);

  beforeAll(async () => {
    h = await AuthnHarness.create();
    person = await h.ca.issue('test', 'personal', { personId: 'p-42', name: 'Petra' });
    await h.ca.publishStatus(h.publisher, person, 'active', { personId: 'p-42' });
    app = await h.start();
    port = h.port(app, 'portal');
  });

  afterAll(async () => h?.close());

  it('fail/logging in before enrolling is TOTP_NOT_ENROLLED', async () => {
    expect((await login('123456')).body).toEqual({ error: expect.objectContaining({ code: 'TOTP_NOT_ENROLLED' }) });
  });

  it('ok/enrollment is pending until confirmed with a first valid code', async () => {
    const started = await tlsRequest(port, 'POST', '/totp/enrollment', { cert: person });
    expect(started.status).toBe(201);
    expect(started.body.qrSvg).toContain('<svg');
    secret = secretOf(started.body.otpauthUri as string);
    expect(
      (
        await tlsRequest(port, 'POST', '/totp/enrollment/confirm', {
          cert: person,
          body: { code: '000000' === code() ? '111111' : '000000' },
        })
      ).status,
    ).toBe(401);
    expect((await tlsRequest(port, 'POST', '/totp/enrollment/confirm', { cert: person, body: { code: code() } })).status).toBe(200);
    const again = await tlsRequest(port, 'POST', '/totp/enrollment', { cert: person });
    expect(again.body).toEqual({ error: expect.objectContaining({ code: 'TOTP_ALREADY_ENROLLED' }) });
  });

  it('ok/a code from an independent TOTP logs in with a token and an environment-bound session cookie; the same code again is refused', async () => {
    nextStep();
    const c = code();
    const answer = await login(c);
    expect(answer.status).toBe(200);
    expect(typeof answer.body.token).toBe('string');
    const setCookie = String(answer.headers['set-cookie']);
    expect(setCookie).toMatch(/^paspoort_session_test=[A-Za-z0-9_-]{43}; .*HttpOnly; Secure; SameSite=Strict/);
    const session = await tlsRequest(port, 'GET', '/session', { cert: person, cookie: cookieOf(answer) });
    expect(session.body).toMatchObject({ personId: 'p-42', serial: person.serial, environment: 'test' });
    expect((await login(c)).body).toEqual({ error: expect.objectContaining({ code: 'TOTP_REPLAYED' }) });
    const token = answer.body.token as string;
    expect(JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString())).toMatchObject({
      sub: 'person:p-42',
      env: 'test',
      roles: [],
      serial: person.serial,
    });
  });

  it('fail/the same code sent twice at once logs in exactly once', async () => {
    nextStep();
    const c = code();
    const answers = await Promise.all([login(c), login(c)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 401]);
    expect(answers.find((a) => a.status === 401)?.body).toEqual({ error: expect.objectContaining({ code: 'TOTP_REPLAYED' }) });
  });

  it('fail/5 wrong codes lock the person for 15 minutes, with a person.locked event', async () => {
    nextStep();
    expect((await login(code())).status).toBe(200); // resets the consecutive failures
    const wrong = ['000000', '111111', '222222', '333333', '444444', '555555']
      .filter((w) => ![-1, 0, 1].some((o) => code(o) === w))
      .slice(0, 5);
    for (const w of wrong) expect((await login(w)).body).toEqual({ error: expect.objectContaining({ code: 'TOTP_INVALID' }) });
    nextStep();
    const locked = await login(code());
    expect([locked.status, locked.body]).toEqual([423, { error: expect.objectContaining({ code: 'PERSON_LOCKED' }) }]);
    const events = await readTopic(`${h.prefix}${TOPICS.logins}`, (m) => m.some((x) => x.value?.toString().includes('"person.locked"')));
    const lockedEvent = events.map((m) => JSON.parse(m.value!.toString()) as EventEnvelope).find((e) => e.type === 'person.locked');
    expect(lockedEvent).toMatchObject({ refs: { personId: 'p-42' }, data: { personId: 'p-42', consecutiveFailures: 5 } });
    expect(events.some((m) => wrong.some((w) => m.value!.toString().includes(w)))).toBe(false);
    h.clock.advance(15 * 60000);
    expect((await login(code())).status).toBe(200);
  });

  it.each([
    [
      'fail/a system certificate at the portal',
      () => h.ca.issue('test', 'system', { organisationId: '87654321', organisationName: 'A', systemName: 'kassa' }),
      403,
      'SYSTEM_CERTIFICATE_NOT_ALLOWED',
    ],
    [
      'fail/a certificate of another environment',
      () => h.ca.issue('acceptance', 'personal', { personId: 'p-42', name: 'Petra' }),
      403,
      'WRONG_ENVIRONMENT',
    ],
    ['fail/no client certificate', async () => undefined, 401, 'NO_CLIENT_CERTIFICATE'],
  ])('%s', async (_name, make, status, code) => {
    const cert = await make();
    if (cert) await h.ca.publishStatus(h.publisher, cert, 'active');
    const answer = await tlsRequest(port, 'POST', '/login', { cert, body: { code: '123456' } });
    expect([answer.status, answer.body]).toEqual([status, { error: expect.objectContaining({ code }) }]);
  });

  it('fail/a plain HTTP client on the TLS port gets a readable refusal', async () => {
    const answer = await request(`http://127.0.0.1:${port}`).get('/');
    expect([answer.status, answer.body.error?.code]).toEqual([400, 'TLS_REQUIRED']);
  });

  it('fail/a session cookie works only with its own certificate, in its own environment, until logout', async () => {
    nextStep();
    const cookie = cookieOf(await login(code()));
    expect((await tlsRequest(port, 'GET', '/session', { cert: person, cookie })).body).toMatchObject({ personId: 'p-42' });

    const second = await h.ca.issue('test', 'personal', { personId: 'p-42', name: 'Petra' });
    await h.ca.publishStatus(h.publisher, second, 'active', { personId: 'p-42' });
    const mismatch = await eventually(async () => {
      const a = await tlsRequest(port, 'GET', '/session', { cert: second, cookie });
      return a.body.error ? a : undefined;
    });
    expect([mismatch.status, mismatch.body.error]).toEqual([401, expect.objectContaining({ code: 'SESSION_CERTIFICATE_MISMATCH' })]);

    const elsewhere = await h.ca.issue('acceptance', 'personal', { personId: 'p-42', name: 'Petra' });
    await h.ca.publishStatus(h.publisher, elsewhere, 'active', { personId: 'p-42' });
    const sameValue = `${sessionCookieName('acceptance')}=${cookie.split('=')[1]}`;
    const acceptance = await eventually(async () => {
      const a = await tlsRequest(h.port(app, 'portal', 'acceptance'), 'GET', '/session', { cert: elsewhere, cookie: sameValue });
      return (a.body.error as { code?: string } | undefined)?.code === 'SESSION_REQUIRED' ? a : undefined;
    });
    expect(acceptance.status).toBe(401);

    expect((await tlsRequest(port, 'POST', '/logout', { cert: person, cookie })).status).toBe(204);
    const ended = await tlsRequest(port, 'GET', '/session', { cert: person, cookie });
    expect([ended.status, ended.body.error]).toEqual([401, expect.objectContaining({ code: 'SESSION_REQUIRED' })]);
    const events = await readTopic(`${h.prefix}${TOPICS.logins}`, (m) => m.some((x) => x.value?.toString().includes('"logout"')));
    expect(events.map((m) => JSON.parse(m.value!.toString()) as EventEnvelope).find((e) => e.type === 'logout')).toMatchObject({
      refs: { personId: 'p-42', serial: person.serial },
    });
  });

  it('fail/blocking the certificate ends its session at once', async () => {
    nextStep();
    const answer = await login(code());
    const cookie = cookieOf(answer);
    await h.ca.publishStatus(h.publisher, person, 'blocked', { personId: 'p-42' });
    await eventually(async () => (await tlsRequest(port, 'GET', '/session', { cert: person, cookie })).body.error !== undefined);
    expect((await tlsRequest(port, 'GET', '/session', { cert: person, cookie })).body).toEqual({
      error: expect.objectContaining({ code: 'CERTIFICATE_BLOCKED' }),
    });
    await eventually(() =>
      withDatabase(
        h.databaseUrl,
        async (c) => (await c.query(`SELECT 1 FROM authn.sessions WHERE serial = $1 AND ended_at IS NULL`, [person.serial])).rowCount === 0,
      ),
    );
  });

  it('ok/an operator resets the enrollment (totp.reset); unknown person is 404', async () => {
    const bootstrap = { Authorization: `Bearer ${TEST_BOOTSTRAP_TOKEN}` };
    await request(app.getHttpServer()).post('/totp/reset').set(bootstrap).send({ personId: 'p-42', environment: 'test' }).expect(204);
    const missing = await request(app.getHttpServer())
      .post('/totp/reset')
      .set(bootstrap)
      .send({ personId: 'p-42', environment: 'test' })
      .expect(404);
    expect(missing.body.error.code).toBe('TOTP_NOT_ENROLLED');
  });
});
