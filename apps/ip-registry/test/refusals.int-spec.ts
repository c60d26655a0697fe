import { enforcementKey, TOPICS, type EnforcementStateValue, type EventEnvelope, type IpRegistrationStateValue } from '@paspoort/contracts';
import { DAY, IpRegistryHarness } from './support/ip-registry-harness';

/** Serials of the certificates every refusal case is tried against (published in beforeAll). */
interface Certificates {
  test: string;
  production: string;
  personal: string;
  revoked: string;
  expired: string;
  registered: string;
}

interface Case {
  method: 'post' | 'get' | 'put' | 'delete';
  path: (c: Certificates) => string;
  body?: (now: Date) => object;
  token?: 'operator' | 'org-admin' | 'production-operator';
  status: number;
  code: string;
}

type StateValue = IpRegistrationStateValue | EnforcementStateValue;

const registrations = (serial: keyof Certificates) => (c: Certificates) => `/certificates/${c[serial]}/ip-registrations`;
const at = (now: Date, days: number) => new Date(now.getTime() + days * DAY).toISOString();

const CASES: [string, Case][] = [
  [
    'fail/garbage address',
    { method: 'post', path: registrations('test'), body: () => ({ address: 'not-an-ip' }), status: 400, code: 'IP_ADDRESS_INVALID' },
  ],
  [
    'fail/IPv4 with a zone-like suffix',
    { method: 'post', path: registrations('test'), body: () => ({ address: '192.0.2.1%eth0' }), status: 400, code: 'IP_ADDRESS_INVALID' },
  ],
  [
    'fail/prefix out of range',
    { method: 'post', path: registrations('test'), body: () => ({ address: '192.0.2.0/33' }), status: 400, code: 'IP_PREFIX_INVALID' },
  ],
  [
    'fail/CIDR with host bits set',
    { method: 'post', path: registrations('test'), body: () => ({ address: '192.0.2.1/24' }), status: 400, code: 'IP_CIDR_HOST_BITS_SET' },
  ],
  [
    'fail/IPv4 range broader than /24',
    { method: 'post', path: registrations('test'), body: () => ({ address: '198.51.0.0/16' }), status: 400, code: 'IP_RANGE_TOO_BROAD' },
  ],
  [
    'fail/IPv6 range broader than /48',
    { method: 'post', path: registrations('test'), body: () => ({ address: '2001:db8::/32' }), status: 400, code: 'IP_RANGE_TOO_BROAD' },
  ],
  [
    'fail/private address in production',
    {
      method: 'post',
      path: registrations('production'),
      token: 'production-operator',
      body: () => ({ address: '10.1.2.3' }),
      status: 400,
      code: 'IP_ADDRESS_NOT_ALLOWED_IN_PRODUCTION',
    },
  ],
  [
    'fail/loopback IPv6 in production',
    {
      method: 'post',
      path: registrations('production'),
      body: () => ({ address: '::1' }),
      status: 400,
      code: 'IP_ADDRESS_NOT_ALLOWED_IN_PRODUCTION',
    },
  ],
  [
    'fail/mapped link-local in production',
    {
      method: 'post',
      path: registrations('production'),
      body: () => ({ address: '::ffff:169.254.1.1' }),
      status: 400,
      code: 'IP_ADDRESS_NOT_ALLOWED_IN_PRODUCTION',
    },
  ],
  [
    'fail/exact duplicate (another spelling) of a current registration',
    {
      method: 'post',
      path: registrations('registered'),
      body: () => ({ address: '::ffff:203.0.113.9' }),
      status: 409,
      code: 'IP_REGISTRATION_DUPLICATE',
    },
  ],
  [
    'fail/duplicate of a future registration in an overlapping period',
    {
      method: 'post',
      path: registrations('registered'),
      body: (now) => ({ address: '203.0.113.10', validFrom: at(now, 20) }),
      status: 409,
      code: 'IP_REGISTRATION_DUPLICATE',
    },
  ],
  [
    'fail/validUntil equal to validFrom',
    {
      method: 'post',
      path: registrations('test'),
      body: (now) => ({ address: '192.0.2.5', validFrom: at(now, 1), validUntil: at(now, 1) }),
      status: 400,
      code: 'IP_VALIDITY_INVALID',
    },
  ],
  [
    'fail/validUntil before validFrom',
    {
      method: 'post',
      path: registrations('test'),
      body: (now) => ({ address: '192.0.2.5', validFrom: at(now, 2), validUntil: at(now, 1) }),
      status: 400,
      code: 'IP_VALIDITY_INVALID',
    },
  ],
  [
    'fail/validUntil in the past',
    {
      method: 'post',
      path: registrations('test'),
      body: (now) => ({ address: '192.0.2.5', validUntil: at(now, -1) }),
      status: 400,
      code: 'IP_VALIDITY_INVALID',
    },
  ],
  [
    'fail/malformed validFrom',
    {
      method: 'post',
      path: registrations('test'),
      body: () => ({ address: '192.0.2.5', validFrom: 'tomorrow' }),
      status: 400,
      code: 'IP_REGISTRATION_INVALID',
    },
  ],
  [
    'fail/unknown property',
    {
      method: 'post',
      path: registrations('test'),
      body: () => ({ address: '192.0.2.5', ttl: 3 }),
      status: 400,
      code: 'IP_REGISTRATION_INVALID',
    },
  ],
  [
    'fail/address missing',
    { method: 'post', path: registrations('test'), body: () => ({ note: 'x' }), status: 400, code: 'IP_REGISTRATION_INVALID' },
  ],
  [
    'fail/unknown serial',
    {
      method: 'post',
      path: () => '/certificates/00aa00aa00aa00aa/ip-registrations',
      body: () => ({ address: '192.0.2.5' }),
      status: 404,
      code: 'CERTIFICATE_UNKNOWN',
    },
  ],
  [
    'fail/serial that is not hex',
    {
      method: 'post',
      path: () => '/certificates/xyz/ip-registrations',
      body: () => ({ address: '192.0.2.5' }),
      status: 400,
      code: 'SERIAL_INVALID',
    },
  ],
  [
    'fail/personal certificate',
    {
      method: 'post',
      path: registrations('personal'),
      body: () => ({ address: '192.0.2.5' }),
      status: 422,
      code: 'PERSONAL_CERTIFICATE_NOT_ALLOWED',
    },
  ],
  [
    'fail/revoked certificate',
    { method: 'post', path: registrations('revoked'), body: () => ({ address: '192.0.2.5' }), status: 409, code: 'CERTIFICATE_REVOKED' },
  ],
  [
    'fail/expired certificate',
    { method: 'post', path: registrations('expired'), body: () => ({ address: '192.0.2.5' }), status: 409, code: 'CERTIFICATE_EXPIRED' },
  ],
  [
    'fail/token of another environment',
    {
      method: 'post',
      path: registrations('test'),
      token: 'production-operator',
      body: () => ({ address: '192.0.2.5' }),
      status: 403,
      code: 'FORBIDDEN_ENVIRONMENT',
    },
  ],
  [
    'fail/ending an unknown registration',
    {
      method: 'delete',
      path: () => '/ip-registrations/7b0e2c55-3f3e-4d7a-9a57-0b8f1c2d3e4f',
      status: 404,
      code: 'IP_REGISTRATION_NOT_FOUND',
    },
  ],
  [
    'fail/ending a registration id that is not a uuid',
    { method: 'delete', path: () => '/ip-registrations/42', status: 404, code: 'IP_REGISTRATION_NOT_FOUND' },
  ],
  ['fail/list limit 0', { method: 'get', path: (c) => `${registrations('test')(c)}?limit=0`, status: 400, code: 'LIMIT_INVALID' }],
  [
    'fail/list with a forged cursor',
    { method: 'get', path: (c) => `${registrations('test')(c)}?cursor=bm9wZQ`, status: 400, code: 'CURSOR_INVALID' },
  ],
  [
    'fail/dry run without an address',
    { method: 'get', path: (c) => `/certificates/${c.test}/ip-access`, status: 400, code: 'IP_ADDRESS_INVALID' },
  ],
  [
    'fail/dry run with a range',
    { method: 'get', path: (c) => `/certificates/${c.test}/ip-access?address=192.0.2.0/24`, status: 400, code: 'IP_ADDRESS_INVALID' },
  ],
  [
    'fail/enforcement of an unknown environment',
    {
      method: 'put',
      path: () => '/enforcement/dev',
      body: (now) => ({ enforcedFrom: at(now, 1) }),
      status: 400,
      code: 'ENVIRONMENT_UNKNOWN',
    },
  ],
  [
    'fail/malformed enforcedFrom',
    {
      method: 'put',
      path: () => '/enforcement/test',
      body: () => ({ enforcedFrom: 'next monday' }),
      status: 400,
      code: 'ENFORCEMENT_INVALID',
    },
  ],
  [
    'fail/enforcedFrom missing',
    { method: 'put', path: () => '/enforcement/test', body: () => ({}), status: 400, code: 'ENFORCEMENT_INVALID' },
  ],
  [
    'fail/an org-admin sets enforcement',
    {
      method: 'put',
      path: () => '/enforcement/test',
      token: 'org-admin',
      body: (now) => ({ enforcedFrom: at(now, 1) }),
      status: 403,
      code: 'FORBIDDEN_ROLE',
    },
  ],
  [
    'fail/enforcement of another environment',
    {
      method: 'put',
      path: () => '/enforcement/test',
      token: 'production-operator',
      body: (now) => ({ enforcedFrom: at(now, 1) }),
      status: 403,
      code: 'FORBIDDEN_ENVIRONMENT',
    },
  ],
];

describe('ip-registry refuses every bad input with its own code and changes nothing', () => {
  let h: IpRegistryHarness;
  let c: Certificates;
  const tokens: Record<string, Record<string, string>> = {};

  beforeAll(async () => {
    h = await IpRegistryHarness.create('iprf');
    const past = new Date(Date.now() - DAY);
    c = {
      test: await h.certificate(),
      production: await h.certificate({ environment: 'production' }),
      personal: await h.certificate({ profile: 'personal' }),
      revoked: await h.certificate({ status: 'revoked' }),
      expired: await h.certificate({ notAfter: past }),
      registered: await h.certificate(),
    };
    tokens.operator = h.operator;
    tokens['org-admin'] = await h.as(['org-admin:11111111']);
    tokens['production-operator'] = await h.as(['operator'], 'production');
    for (const body of [
      { address: '203.0.113.9' },
      { address: '203.0.113.10', validFrom: at(h.clock.now(), 10), validUntil: at(h.clock.now(), 30) },
    ]) {
      await h.http().post(`/certificates/${c.registered}/ip-registrations`).set(h.operator).send(body).expect(201);
    }
  });

  afterAll(async () => h?.close());

  it.each(CASES)('%s', async (_name, t) => {
    const agent = h.http();
    const call = agent[t.method](t.path(c)).set(tokens[t.token ?? 'operator']);
    const answer = await (t.body ? call.send(t.body(h.clock.now())) : call);
    expect({ status: answer.status, code: (answer.body as { error?: { code: string } }).error?.code }).toEqual({
      status: t.status,
      code: t.code,
    });
  });

  it('ok/the refused requests left no registration, event or state value behind', async () => {
    for (const serial of [c.test, c.production, c.revoked, c.expired]) {
      const list = await h.http().get(`/certificates/${serial}/ip-registrations`).set(h.operator).expect(200);
      expect(list.body).toEqual({ items: [], nextCursor: null });
    }
    const registered = await h.http().get(`/certificates/${c.registered}/ip-registrations`).set(h.operator).expect(200);
    expect((registered.body as { items: unknown[] }).items).toHaveLength(2);
    expect((await h.http().get('/enforcement/test').set(h.operator).expect(200)).body).toMatchObject({ enforcedFrom: null, revision: 0 });
    // A last good change as a sentinel: the relay keeps outbox order, so anything a refusal wrote would come before it.
    await h.http().put('/enforcement/acceptance').set(h.operator).send({ enforcedFrom: null }).expect(200);
    await h
      .http()
      .put('/enforcement/acceptance')
      .set(h.operator)
      .send({ enforcedFrom: at(h.clock.now(), 1) })
      .expect(200);
    const states = await h.read<StateValue>(TOPICS.ipRegistrationState, (vs) => vs.some((v) => v.kind === 'enforcement'));
    expect(states.map((v) => [v.key, v.revision])).toEqual([
      [c.registered, 1],
      [c.registered, 2],
      [enforcementKey('acceptance'), 1],
    ]);
    const events = await h.read<EventEnvelope>(TOPICS.ipRegistrations, (es) => es.some((e) => e.type === 'enforcement.changed'));
    expect(events.map((e) => e.type)).toEqual(['ip-registration.added', 'ip-registration.added', 'enforcement.changed']);
  });
});
