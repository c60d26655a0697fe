import type { NestExpressApplication } from '@nestjs/platform-express';
import { TOPICS, type ApiRefusedData, type EventEnvelope } from '@paspoort/contracts';
import {
  createTestDatabase,
  eventually,
  jsonValues,
  readTopic,
  serviceTestEnv,
  startTestService,
  TEST_BOOTSTRAP_TOKEN,
  TestPublisher,
  TestTokenIssuer,
  uniqueTopicPrefix,
} from '@paspoort/testing';
import request from 'supertest';
import { RelayTestModule } from '../../messaging/test/relay-test.module';

describe('bearer-token guard (real Kafka and Postgres)', () => {
  let app: NestExpressApplication;
  let prefix: string;
  let publisher: TestPublisher;
  let tokens: TestTokenIssuer;

  beforeAll(async () => {
    const db = await createTestDatabase();
    prefix = uniqueTopicPrefix('guard');
    publisher = new TestPublisher(prefix);
    await publisher.ensureTopics();
    tokens = await TestTokenIssuer.create();
    await tokens.publish(publisher);
    const now = new Date().toISOString();
    for (const [serial, status] of [
      ['0c01', 'active'],
      ['0c02', 'blocked'],
      ['0c03', 'revoked'],
    ] as const) {
      await publisher.state(TOPICS.certificateStatus, {
        key: serial,
        revision: 1,
        updatedAt: now,
        serial,
        environment: 'test',
        profile: 'personal',
        personId: 'p-7',
        status,
        changedAt: now,
        notAfter: '2030-01-01T00:00:00.000Z',
      } as never);
    }
    app = await startTestService(RelayTestModule, serviceTestEnv({ databaseUrl: db.url, topicPrefix: prefix }));
  });

  afterAll(async () => {
    await app?.close();
    await publisher?.close();
  });

  const call = (token?: string, environment = 'test') => {
    const r = request(app.getHttpServer()).get(`/operator-only/${environment}`);
    return token ? r.set('Authorization', `Bearer ${token}`) : r;
  };

  it('ok/the bootstrap token has all roles in all environments', async () => {
    await call(TEST_BOOTSTRAP_TOKEN, 'production').expect(200, { subject: 'bootstrap' });
  });

  it('ok/an operator token of the environment is accepted', async () => {
    const token = await tokens.token({ sub: 'person:p-7', env: 'test', roles: ['operator'], serial: '0c01' });
    await call(token).expect(200, { subject: 'person:p-7' });
  });

  const cases: [string, () => Promise<string | undefined>, 401 | 403, string, string][] = [
    ['no token', async () => undefined, 401, 'UNAUTHENTICATED', 'test'],
    ['garbage', async () => 'not-a-token-at-all-xxxxxxxx', 401, 'TOKEN_INVALID', 'test'],
    [
      'a forged signature',
      async () =>
        (await tokens.token({ sub: 'person:p-7', env: 'test', roles: ['operator'], serial: '0c01' })).replace(/.{8}$/, 'AAAAAAAA'),
      401,
      'TOKEN_INVALID',
      'test',
    ],
    [
      'an expired token',
      () => tokens.token({ sub: 'person:p-7', env: 'test', roles: ['operator'], serial: '0c01', expiresInSeconds: -60 }),
      401,
      'TOKEN_EXPIRED',
      'test',
    ],
    [
      'a key nobody published',
      async () => (await TestTokenIssuer.create()).token({ sub: 'person:p-7', env: 'test', roles: ['operator'] }),
      401,
      'TOKEN_KEY_UNKNOWN',
      'test',
    ],
    [
      'a blocked certificate',
      () => tokens.token({ sub: 'person:p-7', env: 'test', roles: ['operator'], serial: '0c02' }),
      401,
      'TOKEN_CERTIFICATE_BLOCKED',
      'test',
    ],
    [
      'a revoked certificate',
      () => tokens.token({ sub: 'person:p-7', env: 'test', roles: ['operator'], serial: '0c03' }),
      401,
      'TOKEN_CERTIFICATE_REVOKED',
      'test',
    ],
    [
      'the wrong role',
      () => tokens.token({ sub: 'person:p-7', env: 'test', roles: ['compliance-officer'], serial: '0c01' }),
      403,
      'FORBIDDEN_ROLE',
      'test',
    ],
    [
      'another environment',
      () => tokens.token({ sub: 'person:p-7', env: 'test', roles: ['operator'], serial: '0c01' }),
      403,
      'FORBIDDEN_ENVIRONMENT',
      'production',
    ],
  ];

  it.each(cases)('fail/%s is refused with its code and recorded as api.refused', async (_, token, status, code, environment) => {
    const response = await call(await token(), environment).expect(status);
    expect(response.body).toEqual({ error: { code, message: expect.any(String) } });
    const refusals = await readTopic(`${prefix}${TOPICS.apiAccess}`, (m) =>
      jsonValues<EventEnvelope<'api.refused'>>(m).some((e) => e.data.code === code),
    );
    const event = jsonValues<EventEnvelope<'api.refused'>>(refusals).find((e) => e.data.code === code)!;
    expect(event).toMatchObject({
      type: 'api.refused',
      outcome: 'refused',
      source: 'audit',
      data: { status, code, method: 'GET' } satisfies Partial<ApiRefusedData>,
    });
    expect(event.subject).toBe(`/operator-only/${environment}`);
  });

  it('ok/readiness is green once the auth state is caught up', async () => {
    await eventually(async () => (await request(app.getHttpServer()).get('/health/ready')).status === 200);
  });
});
