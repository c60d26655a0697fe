import type { EventEnvelope } from '@paspoort/contracts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventually } from '@paspoort/testing';
import { ledgerEntries, type LedgerItem } from './support/audit-ledger';
import { requestCertificate, type HeldCertificate } from './support/holders';
import { Platform, SERVICES } from './support/platform';
import { RevocationChecks } from './support/revocation-checks';
import { cookieOf, tlsRequest } from '@paspoort/testing';
import { secretOf, totpAt } from './support/totp';

const PERSON = { personId: 'p-e2e-7', name: 'Eva Jansen' };
const KASSA = { organisationId: '12345678', organisationName: 'Apotheek De Linde', systemName: 'kassa' };
const GATEWAY = { organisationId: '99999999', organisationName: 'Zorghub', systemName: 'claims-gateway' };
const REGISTERED_IP = '192.0.2.10';
const OTHER_IP = '198.51.100.7';

type Decision = { decision: 'allow' | 'deny'; reason?: string; warnings: string[]; serial: string };

/**
 * One user story across the four services, as people and systems meet them: HTTP to the issuer, ip-registry and
 * audit, real TLS with client certificates to authn, and nothing published by the test: the services talk over Kafka.
 */
describe('platform end to end: issuer, authn, ip-registry and audit together (real Kafka, Postgres and TLS)', () => {
  let p: Platform;
  let checks: RevocationChecks;
  let person: HeldCertificate;
  let kassa: HeldCertificate;
  let gateway: HeldCertificate;
  let gatewayToken: string;

  beforeAll(async () => {
    p = await Platform.start();
    checks = new RevocationChecks(() => p.app('issuer').getHttpServer());
    await checks.init();
  }, 60000);

  afterAll(async () => {
    await p?.close();
    checks?.dispose();
  });

  const issue = (body: Parameters<typeof requestCertificate>[2]) => requestCertificate(() => p.http('issuer'), p.bootstrap, body);
  const accessCheck = async (cert: HeldCertificate, sourceIp: string): Promise<Decision> => {
    const answer = await p
      .http('authn')
      .post('/access/check')
      .set({ Authorization: `Bearer ${gatewayToken}` })
      .send({ certificatePem: cert.certificatePem, sourceIp, environment: 'test' });
    if (answer.status !== 200) throw new Error(`access check answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body as Decision;
  };
  const until = (cert: HeldCertificate, sourceIp: string, expected: Partial<Decision>) =>
    eventually(async () => {
      const d = await accessCheck(cert, sourceIp);
      return Object.entries(expected).every(([k, v]) => JSON.stringify(d[k as keyof Decision]) === JSON.stringify(v)) ? d : undefined;
    });
  const ledger = (filters: Record<string, string>) => ledgerEntries(() => p.http('audit'), p.bootstrap, filters);
  /** Waits until the audit ledger holds an event of `type` for the serial (so the ledger's order follows the story). */
  const audited = (serial: string, type: string) =>
    eventually(async () => (await ledger({ serial, type })).length > 0, { timeoutMs: 30000 });

  it('ok/issue, log in, register, enforce, block, unblock, renew, revoke: every service agrees and the ledger tells it in order', async () => {
    // 1. Certificates from CSRs (keys made here, never sent), with the bootstrap token.
    person = await issue({ profile: 'personal', holder: PERSON });
    kassa = await issue({ profile: 'system', holder: KASSA });
    gateway = await issue({ profile: 'system', holder: GATEWAY });
    expect(new Set([person.serial, kassa.serial, gateway.serial]).size).toBe(3);

    // 2. The person enrolls an authenticator app and logs in to the portal over TLS with the personal certificate.
    const portal = p.port('portal');
    const enrollment = await eventually(async () => {
      const a = await tlsRequest(portal, 'POST', '/totp/enrollment', { cert: person });
      return a.status === 201 ? a : undefined;
    });
    const secret = secretOf(enrollment.body.otpauthUri as string);
    expect(JSON.stringify(enrollment.body)).not.toContain('PRIVATE KEY');
    const confirmed = await tlsRequest(portal, 'POST', '/totp/enrollment/confirm', {
      cert: person,
      body: { code: totpAt(secret, p.clock.now()) },
    });
    expect(confirmed.status).toBe(200);
    p.clock.advance(30000);
    const login = await tlsRequest(portal, 'POST', '/login', { cert: person, body: { code: totpAt(secret, p.clock.now()) } });
    expect([login.status, typeof login.body.token]).toEqual([200, 'string']);
    const session = await tlsRequest(portal, 'GET', '/session', { cert: person, cookie: cookieOf(login) });
    expect(session.body).toMatchObject({ personId: PERSON.personId, serial: person.serial, environment: 'test' });
    const refused = await tlsRequest(portal, 'POST', '/login', { cert: kassa, body: { code: '123456' } });
    expect([refused.status, (refused.body.error as { code: string }).code]).toEqual([403, 'SYSTEM_CERTIFICATE_NOT_ALLOWED']);

    // 3. The gateway gets the gateway role (authn grant) and a token with its own system certificate.
    await p
      .http('authn')
      .put('/grants')
      .set(p.bootstrap)
      .send({ subject: `system:${GATEWAY.organisationId}/${GATEWAY.systemName}`, environment: 'test', role: 'gateway' })
      .expect(200);
    gatewayToken = (
      await eventually(async () => {
        const a = await tlsRequest(p.port('system'), 'POST', '/token', { cert: gateway });
        return a.status === 200 ? a : undefined;
      })
    ).body.token as string;

    // 4. An IP registered at the ip-registry reaches authn over Kafka: allow; an unregistered one is only flagged.
    await audited(kassa.serial, 'certificate.issued');
    await eventually(
      async () =>
        (
          await p
            .http('ip-registry')
            .post(`/certificates/${kassa.serial}/ip-registrations`)
            .set(p.bootstrap)
            .send({ address: REGISTERED_IP, note: 'apotheek kassa' })
        ).status === 201,
    );
    await until(kassa, REGISTERED_IP, { decision: 'allow', warnings: [] });
    expect(await accessCheck(kassa, OTHER_IP)).toMatchObject({ decision: 'allow', warnings: ['IP_NOT_REGISTERED_MONITOR_ONLY'] });

    // 5. Enforcement from now on: the unregistered address is refused, the registered one still allowed.
    await p.http('ip-registry').put('/enforcement/test').set(p.bootstrap).send({ enforcedFrom: new Date().toISOString() }).expect(200);
    await until(kassa, OTHER_IP, { decision: 'deny', reason: 'IP_NOT_REGISTERED' });
    expect(await accessCheck(kassa, REGISTERED_IP)).toMatchObject({ decision: 'allow', warnings: [] });

    // 6. Block: authn denies, the CRL lists certificateHold, OCSP says revoked (certificateHold), audit has it.
    await p.http('issuer').post(`/certificates/${kassa.serial}/block`).set(p.bootstrap).send({ cause: 'lost' }).expect(200);
    await audited(kassa.serial, 'certificate.blocked');
    await until(kassa, REGISTERED_IP, { decision: 'deny', reason: 'CERTIFICATE_BLOCKED' });
    expect(await checks.crlEntry(kassa.serial)).toMatch(/CRL Reason Code:\s+Certificate Hold/);
    expect(await checks.ocsp(kassa.serial, kassa.certificatePem)).toMatch(/Cert Status: revoked[\s\S]*Revocation Reason: certificateHold/);
    const whoami = await tlsRequest(p.port('system'), 'GET', '/access/whoami', { cert: kassa });
    expect(whoami.body).toMatchObject({ decision: 'deny', reason: 'CERTIFICATE_BLOCKED' });

    // 7. Unblock: allowed again, gone from the CRL, good over OCSP.
    await p.http('issuer').post(`/certificates/${kassa.serial}/unblock`).set(p.bootstrap).expect(200);
    await audited(kassa.serial, 'certificate.unblocked');
    await until(kassa, REGISTERED_IP, { decision: 'allow', warnings: [] });
    expect(await checks.crlEntry(kassa.serial)).toBe('');
    expect(await checks.ocsp(kassa.serial, kassa.certificatePem)).toContain('Cert Status: good');

    // 8. Renewal: the new certificate inherits the registration and is allowed from the same address at once.
    const renewed = await issue({ profile: 'system', holder: KASSA, renews: kassa.serial });
    await until(renewed, REGISTERED_IP, { decision: 'allow', warnings: [] });
    expect(await accessCheck(renewed, OTHER_IP)).toMatchObject({ decision: 'deny', reason: 'IP_NOT_REGISTERED' });

    // 9. Revoke the old one: denied for good, on the CRL with its reason, revoked over OCSP; the renewal keeps access.
    await p.http('issuer').post(`/certificates/${kassa.serial}/revoke`).set(p.bootstrap).send({ reason: 'superseded' }).expect(200);
    await audited(kassa.serial, 'certificate.revoked');
    await until(kassa, REGISTERED_IP, { decision: 'deny', reason: 'CERTIFICATE_REVOKED' });
    expect(await checks.crlEntry(kassa.serial)).toMatch(/CRL Reason Code:\s+Superseded/);
    expect(await checks.ocsp(kassa.serial, kassa.certificatePem)).toMatch(/Cert Status: revoked[\s\S]*Revocation Reason: superseded/);
    const again = await p.http('issuer').post(`/certificates/${kassa.serial}/unblock`).set(p.bootstrap).expect(409);
    expect(again.body.error.code).toBe('CERTIFICATE_ALREADY_REVOKED');
    expect(await accessCheck(kassa, REGISTERED_IP)).toMatchObject({ decision: 'deny', reason: 'CERTIFICATE_REVOKED' });
    expect(await accessCheck(renewed, REGISTERED_IP)).toMatchObject({ decision: 'allow' });

    // 10. The ledger holds the whole story in order, and its hash chain verifies.
    await audited(renewed.serial, 'ip-registration.added');
    await eventually(async () =>
      (await ledger({ serial: kassa.serial, type: 'access.denied' })).some((i) => reasonOf(i.event) === 'CERTIFICATE_REVOKED'),
    );
    assertStory(await ledger({ serial: kassa.serial }), await ledger({ serial: renewed.serial }), kassa.serial);
    const personStory = (await ledger({ personId: PERSON.personId })).map((i) => i.event.type);
    expect(personStory).toEqual(expect.arrayContaining(['certificate.issued', 'totp.enrolled', 'login.succeeded']));
    expect(personStory.indexOf('certificate.issued')).toBeLessThan(personStory.indexOf('login.succeeded'));
    const verify = await p.http('audit').get('/audit/verify').set(p.bootstrap).expect(200);
    expect(verify.body).toMatchObject({ ok: true, firstBrokenSequence: null });
    expect(verify.body.checked).toBeGreaterThan(10);
  }, 120000);

  // The drift unit test builds the documents in preview mode; this checks the running services serve the same ones.
  it('ok/every running service serves at /docs-json the OpenAPI document committed under docs/openapi', async () => {
    for (const service of SERVICES) {
      const committed = JSON.parse(
        readFileSync(join(__dirname, '..', '..', 'docs', 'openapi', `${service}.json`), 'utf8'),
      ) as OpenApiDocument;
      const served = (await p.http(service).get('/docs-json').expect(200)).body as OpenApiDocument;
      // Only the title differs: tests boot every service with the title 'test'.
      expect({ service, ...served, info: { ...served.info, title: committed.info.title } }).toEqual({ service, ...committed });
    }
  });
});

type OpenApiDocument = { info: { title: string } } & Record<string, unknown>;

function reasonOf(event: EventEnvelope): string | undefined {
  return (event.data as { reason?: string }).reason;
}

/** The lifecycle in ledger order, and every access decision inside the window it belongs to. */
function assertStory(old: LedgerItem[], renewed: LedgerItem[], serial: string): void {
  const lifecycle = old.filter((i) => i.event.type.startsWith('certificate.') || i.event.type.startsWith('ip-registration.'));
  expect(lifecycle.map((i) => i.event.type)).toEqual([
    'certificate.issued',
    'ip-registration.added',
    'certificate.blocked',
    'certificate.unblocked',
    'certificate.revoked',
  ]);
  const at = (type: string) => lifecycle.find((i) => i.event.type === type)!.sequence;
  const [blocked, unblocked, revoked] = [at('certificate.blocked'), at('certificate.unblocked'), at('certificate.revoked')];
  const denials = (reason: string) =>
    old.filter((i) => i.event.type === 'access.denied' && reasonOf(i.event) === reason).map((i) => i.sequence);
  expect(denials('CERTIFICATE_BLOCKED').length).toBeGreaterThan(0);
  expect(denials('CERTIFICATE_BLOCKED').every((s) => s > blocked && s < unblocked)).toBe(true);
  expect(denials('CERTIFICATE_REVOKED').length).toBeGreaterThan(0);
  expect(denials('CERTIFICATE_REVOKED').every((s) => s > revoked)).toBe(true);
  const grants = old.filter((i) => i.event.type === 'access.granted').map((i) => i.sequence);
  expect(grants.some((s) => s > unblocked && s < revoked)).toBe(true);
  expect(grants.every((s) => s < blocked || (s > unblocked && s < revoked))).toBe(true);
  expect(old.every((i, n) => n === 0 || i.sequence > old[n - 1].sequence)).toBe(true);

  const renewal = renewed.filter((i) => !i.event.type.startsWith('access.'));
  expect(renewal.map((i) => i.event.type)).toEqual(['certificate.issued', 'ip-registration.added']);
  expect(renewal[0].event.data).toMatchObject({ renews: serial });
  expect(renewal[1].event.data).toMatchObject({ inheritedFrom: expect.any(String) });
  expect(renewal[0].sequence).toBeGreaterThan(unblocked);
}
