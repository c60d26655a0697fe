import type { NestExpressApplication } from '@nestjs/platform-express';
import { eventually, PrivateBroker, TEST_BOOTSTRAP_TOKEN, tlsRequest } from '@paspoort/testing';
import request from 'supertest';
import { AuthnHarness } from './support/authn-harness';
import type { ClientCertificate } from '@paspoort/testing';

describe('authn fails closed on a stale view (private broker stopped and restarted)', () => {
  const broker = new PrivateBroker();
  let h: AuthnHarness;
  let app: NestExpressApplication;
  let kassa: ClientCertificate;
  let person: ClientCertificate;
  const check = async () =>
    (
      await request(app.getHttpServer())
        .post('/access/check')
        .set({ Authorization: `Bearer ${TEST_BOOTSTRAP_TOKEN}` })
        .send({ certificatePem: kassa.pem, sourceIp: '10.1.2.3', environment: 'test' })
        .expect(200)
    ).body as { decision: string; reason?: string };

  beforeAll(async () => {
    await broker.start();
    h = await AuthnHarness.create(broker.brokers);
    kassa = await h.ca.issue('test', 'system', { organisationId: '87654321', organisationName: 'Apotheek', systemName: 'kassa' });
    await h.ca.publishStatus(h.publisher, kassa, 'active');
    person = await h.ca.issue('test', 'personal', { personId: 'p-stale', name: 'Stefan' });
    await h.ca.publishStatus(h.publisher, person, 'active', { personId: 'p-stale' });
    app = await h.start({ PASPOORT_FRESHNESS_LIMIT_MS: '2000' });
  }, 120000);

  afterAll(async () => {
    await h?.close();
    await broker.destroy();
  }, 60000);

  it('fail/with Kafka stopped past the limit decisions deny STATUS_VIEW_STALE and portal logins get 503, and recover after restart', async () => {
    await eventually(async () => (await check()).decision === 'allow');
    await broker.stop();
    await eventually(async () => (await check()).reason === 'STATUS_VIEW_STALE', { timeoutMs: 30000 });
    const metrics = (await request(app.getHttpServer()).get('/metrics').expect(200)).text;
    expect(metrics).toMatch(/paspoort_state_view_confirmation_age_seconds\{[^}]*\} [0-9.]+/);
    const portal = await tlsRequest(h.port(app, 'portal'), 'POST', '/login', { cert: person, body: { code: '123456' } });
    expect([portal.status, portal.body]).toEqual([503, { error: expect.objectContaining({ code: 'STATUS_VIEW_STALE' }) }]);
    await broker.start();
    await eventually(async () => (await check()).decision === 'allow', { timeoutMs: 60000 });
    const recovered = await tlsRequest(h.port(app, 'portal'), 'POST', '/login', { cert: person, body: { code: '123456' } });
    expect(recovered.body).toEqual({ error: expect.objectContaining({ code: 'TOTP_NOT_ENROLLED' }) });
  }, 120000);
});
