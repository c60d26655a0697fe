import type { ApiRefusedData, EventEnvelope } from '@paspoort/contracts';
import { eventually, tlsRequest } from '@paspoort/testing';
import { ledgerEntries } from './support/audit-ledger';
import { requestCertificate, type HeldCertificate } from './support/holders';
import { Platform, SERVICES, type ServiceName } from './support/platform';
import { secretOf, totpAt } from './support/totp';

const OFFICER = { personId: 'p-e2e-op', name: 'Olga Visser' };

/** One management read per service that an operator of `environment` may make. */
const READS: Record<ServiceName, (environment: string) => string> = {
  issuer: (environment) => `/certificates?environment=${environment}&limit=1`,
  authn: (environment) => `/grants?environment=${environment}&limit=1`,
  'ip-registry': (environment) => `/enforcement/${environment}`,
  audit: (environment) => `/audit/events?environment=${environment}&limit=1`,
};

type Answer = { status: number; code?: string };

/**
 * A token that authn really issued, after a real portal login, used at all four services: each one accepts it in
 * its own environment, and each one refuses it, with the same code and an `api.refused` event, when it is forged,
 * used for another environment, or its certificate is blocked (until unblocked) or revoked (for good).
 */
describe('every service judges the same token alike (authn-issued token, real Kafka, Postgres and TLS)', () => {
  let p: Platform;
  let officer: HeldCertificate;
  let token: string;

  beforeAll(async () => {
    p = await Platform.start();
    officer = await requestCertificate(() => p.http('issuer'), p.bootstrap, { profile: 'personal', holder: OFFICER });
    await p
      .http('authn')
      .put('/grants')
      .set(p.bootstrap)
      .send({ subject: `person:${OFFICER.personId}`, environment: 'test', role: 'operator' })
      .expect(200);
    token = await portalLogin();
  }, 90000);

  afterAll(async () => {
    await p?.close();
  });

  async function portalLogin(): Promise<string> {
    const portal = p.port('portal');
    const enrollment = await eventually(async () => {
      const a = await tlsRequest(portal, 'POST', '/totp/enrollment', { cert: officer });
      return a.status === 201 ? a : undefined;
    });
    const secret = secretOf(enrollment.body.otpauthUri as string);
    const code = () => ({ code: totpAt(secret, p.clock.now()) });
    expect((await tlsRequest(portal, 'POST', '/totp/enrollment/confirm', { cert: officer, body: code() })).status).toBe(200);
    p.clock.advance(30000);
    const login = await tlsRequest(portal, 'POST', '/login', { cert: officer, body: code() });
    expect(login.status).toBe(200);
    return login.body.token as string;
  }

  const read = async (service: ServiceName, bearer: string, environment = 'test'): Promise<Answer> => {
    const answer = await p
      .http(service)
      .get(READS[service](environment))
      .set({ Authorization: `Bearer ${bearer}` });
    return { status: answer.status, code: (answer.body as { error?: { code: string } }).error?.code };
  };
  const everyService = async (bearer: string, environment = 'test') =>
    Object.fromEntries(await Promise.all(SERVICES.map(async (s) => [s, await read(s, bearer, environment)] as const)));
  const alike = (answer: Answer) => Object.fromEntries(SERVICES.map((s) => [s, answer]));
  /** Waits until all four services give `expected` (each learns a status change over Kafka on its own). */
  const untilAll = async (bearer: string, expected: Answer) => {
    await eventually(async () => JSON.stringify(await everyService(bearer)) === JSON.stringify(alike(expected)), {
      timeoutMs: 20000,
    });
    return everyService(bearer);
  };
  const refusalsFor = async (code: string) =>
    (await ledgerEntries(() => p.http('audit'), p.bootstrap, { type: 'api.refused', personId: OFFICER.personId }))
      .map((i) => i.event as EventEnvelope<'api.refused'>)
      .filter((e) => e.data.code === code);

  it('ok/the token works at every service in its own environment', async () => {
    expect(await untilAll(token, { status: 200 })).toEqual(alike({ status: 200 }));
  });

  it('fail/the token for another environment is 403 FORBIDDEN_ENVIRONMENT at every service', async () => {
    expect(await everyService(token, 'production')).toEqual(alike({ status: 403, code: 'FORBIDDEN_ENVIRONMENT' }));
  });

  it('fail/a forged signature is 401 TOKEN_INVALID at every service', async () => {
    const [header, payload, signature] = token.split('.');
    const flipped = Buffer.from(signature, 'base64url');
    flipped[10] ^= 0x01;
    expect(await everyService([header, payload, flipped.toString('base64url')].join('.'))).toEqual(
      alike({ status: 401, code: 'TOKEN_INVALID' }),
    );
  });

  it('fail/blocking the certificate refuses its token everywhere; unblocking restores it', async () => {
    await p.http('issuer').post(`/certificates/${officer.serial}/block`).set(p.bootstrap).send({ cause: 'lost' }).expect(200);
    expect(await untilAll(token, { status: 401, code: 'TOKEN_CERTIFICATE_BLOCKED' })).toEqual(
      alike({ status: 401, code: 'TOKEN_CERTIFICATE_BLOCKED' }),
    );
    await p.http('issuer').post(`/certificates/${officer.serial}/unblock`).set(p.bootstrap).expect(200);
    expect(await untilAll(token, { status: 200 })).toEqual(alike({ status: 200 }));
  });

  it('fail/revoking the certificate refuses its token everywhere, for good', async () => {
    await p.http('issuer').post(`/certificates/${officer.serial}/revoke`).set(p.bootstrap).send({ reason: 'keyCompromise' }).expect(200);
    expect(await untilAll(token, { status: 401, code: 'TOKEN_CERTIFICATE_REVOKED' })).toEqual(
      alike({ status: 401, code: 'TOKEN_CERTIFICATE_REVOKED' }),
    );
  });

  it.each(['FORBIDDEN_ENVIRONMENT', 'TOKEN_CERTIFICATE_BLOCKED', 'TOKEN_CERTIFICATE_REVOKED'])(
    'ok/every service recorded its %s refusals in the audit ledger, with the person and the certificate',
    async (code) => {
      const events = await eventually(
        async () => {
          const found = await refusalsFor(code);
          return new Set(found.map((e) => e.source)).size === SERVICES.length ? found : undefined;
        },
        { timeoutMs: 20000 },
      );
      for (const event of events) {
        expect(event).toMatchObject({
          outcome: 'refused',
          actor: `person:${OFFICER.personId}`,
          refs: { personId: OFFICER.personId, serial: officer.serial },
          data: { method: 'GET', code } satisfies Partial<ApiRefusedData>,
        });
        expect(JSON.stringify(event)).not.toContain(token.split('.')[2]);
      }
    },
  );
});
