import { withDatabase } from '@paspoort/testing';
import { IssuerHarness, makeCsr, TEST_BOOTSTRAP_TOKEN } from './support/issuer-test-kit';

const personal = { personId: 'p-2001', name: 'Bram Jansen' };
const system = { organisationId: '11112222', organisationName: 'Huisarts West', systemName: 'his' };

describe('issuer: bad input, authorization, renewal and listing (real Kafka and Postgres)', () => {
  let issuer: IssuerHarness;
  let operator: string;
  let goodCsr: string;

  beforeAll(async () => {
    issuer = await IssuerHarness.start();
    operator = await issuer.operator();
    goodCsr = await makeCsr();
  });

  afterAll(async () => {
    await issuer?.stop();
  });

  const issue = (body: unknown, token = operator) =>
    issuer.http
      .post('/certificates')
      .set('Authorization', `Bearer ${token}`)
      .send(body as object);
  const stored = () =>
    withDatabase(issuer.databaseUrl, async (c) => {
      const certificates = (await c.query(`SELECT count(*)::int AS n FROM issuer.certificates`)).rows[0].n as number;
      const messages = (await c.query(`SELECT count(*)::int AS n FROM issuer.outbox WHERE topic LIKE '%certificate%'`)).rows[0].n as number;
      return { certificates, messages };
    });

  /** A CSR whose signature no longer matches its content (one bit of the signature flipped). */
  const tamperedCsr = (pem: string): string => {
    const der = Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
    der[der.length - 5] ^= 0x01;
    return `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END CERTIFICATE REQUEST-----\n`;
  };

  const badInputs: [string, () => Promise<unknown>, number, string][] = [
    ['no body', async () => undefined, 400, 'BODY_REQUIRED'],
    [
      'an unknown environment',
      async () => ({ csr: goodCsr, profile: 'personal', environment: 'staging', holder: personal }),
      400,
      'ENVIRONMENT_UNKNOWN',
    ],
    [
      'an unknown profile',
      async () => ({ csr: goodCsr, profile: 'server', environment: 'test', holder: personal }),
      400,
      'PROFILE_UNKNOWN',
    ],
    ['no csr', async () => ({ profile: 'personal', environment: 'test', holder: personal }), 400, 'CSR_REQUIRED'],
    [
      'a csr over 16 KiB',
      async () => ({ csr: 'A'.repeat(16 * 1024 + 1), profile: 'personal', environment: 'test', holder: personal }),
      400,
      'CSR_TOO_LARGE',
    ],
    [
      'garbage instead of a csr',
      async () => ({ csr: 'hello, certificate please', profile: 'personal', environment: 'test', holder: personal }),
      400,
      'CSR_MALFORMED',
    ],
    [
      'malformed PEM',
      async () => ({
        csr: '-----BEGIN CERTIFICATE REQUEST-----\n!!!!\n-----END CERTIFICATE REQUEST-----',
        profile: 'personal',
        environment: 'test',
        holder: personal,
      }),
      400,
      'CSR_MALFORMED',
    ],
    [
      'a certificate instead of a csr',
      async () => ({
        csr: (await issuer.http.get('/ca/test/chain.pem')).text.split('\n-----BEGIN')[0],
        profile: 'personal',
        environment: 'test',
        holder: personal,
      }),
      400,
      'CSR_MALFORMED',
    ],
    [
      'a csr whose signature does not verify',
      async () => ({ csr: tamperedCsr(await makeCsr()), profile: 'personal', environment: 'test', holder: personal }),
      422,
      'CSR_SIGNATURE_INVALID',
    ],
    [
      'a weak RSA-1024 key',
      async () => ({ csr: await makeCsr('rsa1024'), profile: 'personal', environment: 'test', holder: personal }),
      422,
      'CSR_KEY_TOO_WEAK',
    ],
    [
      'an unsupported P-521 key',
      async () => ({ csr: await makeCsr('p521'), profile: 'personal', environment: 'test', holder: personal }),
      422,
      'CSR_KEY_UNSUPPORTED',
    ],
    ['no holder', async () => ({ csr: goodCsr, profile: 'personal', environment: 'test' }), 400, 'HOLDER_INVALID'],
    [
      'a holder without a name',
      async () => ({ csr: goodCsr, profile: 'personal', environment: 'test', holder: { personId: 'p-1' } }),
      400,
      'HOLDER_INVALID',
    ],
    [
      'a malformed personId',
      async () => ({ csr: goodCsr, profile: 'personal', environment: 'test', holder: { personId: 'p 1/2', name: 'X' } }),
      400,
      'HOLDER_INVALID',
    ],
    [
      'a name with control characters',
      async () => ({ csr: goodCsr, profile: 'personal', environment: 'test', holder: { personId: 'p-1', name: 'A\u0000B' } }),
      400,
      'HOLDER_INVALID',
    ],
    [
      'a system holder without systemName',
      async () => ({ csr: goodCsr, profile: 'system', environment: 'test', holder: { organisationId: '1', organisationName: 'O' } }),
      400,
      'HOLDER_INVALID',
    ],
    [
      'a malformed renews serial',
      async () => ({ csr: goodCsr, profile: 'personal', environment: 'test', holder: personal, renews: 'xyz' }),
      400,
      'SERIAL_INVALID',
    ],
    [
      'renewal of an unknown serial',
      async () => ({ csr: goodCsr, profile: 'personal', environment: 'test', holder: personal, renews: '0abc' }),
      422,
      'RENEWAL_CERTIFICATE_UNKNOWN',
    ],
    [
      'an unknown property',
      async () => ({ csr: goodCsr, profile: 'personal', environment: 'test', holder: personal, validityDays: 9999 }),
      400,
      'VALIDATION_FAILED',
    ],
  ];

  it.each(badInputs)('fail/%s is refused with its code and nothing is stored', async (_, body, status, code) => {
    const before = await stored();
    const response = await issue(await body()).expect(status);
    expect(response.body.error.code).toBe(code);
    expect(await stored()).toEqual(before);
  });

  it('fail/a body over the JSON limit is refused with 413', async () => {
    const response = await issue({ csr: 'A'.repeat(70 * 1024), profile: 'personal', environment: 'test', holder: personal }).expect(413);
    expect(response.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it.each([
    ['an unknown serial', '/certificates/0a0b0c', 404, 'CERTIFICATE_UNKNOWN'],
    ['a malformed serial', '/certificates/not-hex', 400, 'SERIAL_INVALID'],
    ['a bad limit', '/certificates?limit=0', 400, 'LIMIT_INVALID'],
    ['a bad cursor', '/certificates?cursor=bm9wZQ', 400, 'CURSOR_INVALID'],
    ['a bad status filter', '/certificates?status=lost', 400, 'FILTER_INVALID'],
  ])('fail/reading %s is refused with its code', async (_, path, status, code) => {
    const response = await issuer.http.get(path).set('Authorization', `Bearer ${operator}`).expect(status);
    expect(response.body.error.code).toBe(code);
  });

  it('ok/an org-admin issues a system certificate of its own organisation', async () => {
    const token = await issuer.token(['org-admin:11112222']);
    await issue({ csr: goodCsr, profile: 'system', environment: 'test', holder: system }, token).expect(201);
  });

  const refusals: [string, () => Promise<string>, Record<string, unknown>, number, string][] = [
    [
      'an org-admin of another organisation',
      () => issuer.token(['org-admin:99990000']),
      { profile: 'system', holder: system },
      403,
      'FORBIDDEN_ORGANISATION',
    ],
    [
      'an org-admin asking for a personal certificate',
      () => issuer.token(['org-admin:11112222']),
      { profile: 'personal', holder: personal },
      403,
      'FORBIDDEN_ROLE',
    ],
    [
      'an operator of another environment',
      () => issuer.operator('production'),
      { profile: 'personal', holder: personal },
      403,
      'FORBIDDEN_ENVIRONMENT',
    ],
    ['a token without a role', () => issuer.token([]), { profile: 'personal', holder: personal }, 403, 'FORBIDDEN_ROLE'],
    ['a compliance officer', () => issuer.token(['compliance-officer']), { profile: 'personal', holder: personal }, 403, 'FORBIDDEN_ROLE'],
    ['no token', async () => '', { profile: 'personal', holder: personal }, 401, 'UNAUTHENTICATED'],
  ];

  it.each(refusals)('fail/%s may not issue', async (_, token, body, status, code) => {
    const before = await stored();
    const t = await token();
    const call = issuer.http.post('/certificates').send({ csr: goodCsr, environment: 'test', ...body });
    const response = await (t ? call.set('Authorization', `Bearer ${t}`) : call).expect(status);
    expect(response.body.error.code).toBe(code);
    expect(await stored()).toEqual(before);
  });

  it('ok/a renewal of the same profile, environment and holder names the renewed serial; the old one stays active', async () => {
    const first = (await issue({ csr: goodCsr, profile: 'personal', environment: 'test', holder: personal }).expect(201)).body as {
      serial: string;
    };
    const renewed = await issue({
      csr: await makeCsr(),
      profile: 'personal',
      environment: 'test',
      holder: { ...personal, name: 'Bram Jansen-Smit' },
      renews: first.serial,
    }).expect(201);
    const view = await issuer.http.get(`/certificates/${renewed.body.serial}`).set('Authorization', `Bearer ${operator}`).expect(200);
    expect(view.body.renews).toBe(first.serial);
    const old = await issuer.http.get(`/certificates/${first.serial}`).set('Authorization', `Bearer ${operator}`).expect(200);
    expect(old.body.status).toBe('active');
  });

  it.each([
    [
      'another holder',
      { profile: 'personal', environment: 'test', holder: { personId: 'p-other', name: 'Other' } },
      'RENEWAL_HOLDER_MISMATCH',
    ],
    ['another profile', { profile: 'system', environment: 'test', holder: system }, 'RENEWAL_PROFILE_MISMATCH'],
    ['another environment', { profile: 'personal', environment: 'acceptance', holder: personal }, 'RENEWAL_ENVIRONMENT_MISMATCH'],
  ])('fail/a renewal for %s is refused with 422', async (_, body, code) => {
    const first = (await issue({ csr: goodCsr, profile: 'personal', environment: 'test', holder: personal }).expect(201)).body as {
      serial: string;
    };
    const response = await issue({ csr: await makeCsr(), ...body, renews: first.serial }, TEST_BOOTSTRAP_TOKEN).expect(422);
    expect(response.body.error.code).toBe(code);
  });

  it('ok/the list filters and pages with a cursor', async () => {
    const holder = { personId: 'p-pages', name: 'Pagina' };
    for (let i = 0; i < 3; i++) await issue({ csr: goodCsr, profile: 'personal', environment: 'test', holder }).expect(201);
    const page1 = await issuer.http.get('/certificates?personId=p-pages&limit=2').set('Authorization', `Bearer ${operator}`).expect(200);
    expect(page1.body.items).toHaveLength(2);
    const page2 = await issuer.http
      .get(`/certificates?personId=p-pages&limit=2&cursor=${page1.body.nextCursor}`)
      .set('Authorization', `Bearer ${operator}`)
      .expect(200);
    expect(page2.body).toEqual({ items: [expect.objectContaining({ holder })], nextCursor: null });
    const serials = [...page1.body.items, ...page2.body.items].map((i: { serial: string }) => i.serial);
    expect(new Set(serials).size).toBe(3);
    const orgAdmin = await issuer.token(['org-admin:11112222']);
    await issuer.http.get('/certificates?personId=p-pages').set('Authorization', `Bearer ${orgAdmin}`).expect(403);
    const own = await issuer.http.get('/certificates?organisationId=11112222').set('Authorization', `Bearer ${orgAdmin}`).expect(200);
    expect(own.body.items.every((i: { holder: { organisationId: string } }) => i.holder.organisationId === '11112222')).toBe(true);
  });
});
