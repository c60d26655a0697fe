import { TOPICS, type CertificateStatusValue } from '@paspoort/contracts';
import { StateReader, type MessagingOptions } from '@paspoort/messaging';
import { eventually, TestPublisher, testBrokers, uniqueTopicPrefix } from '@paspoort/testing';

const status = (serial: string, revision: number, state: CertificateStatusValue['status']): CertificateStatusValue => ({
  key: serial,
  revision,
  updatedAt: new Date().toISOString(),
  serial,
  environment: 'test',
  profile: 'system',
  status: state,
  changedAt: new Date().toISOString(),
  notAfter: '2030-01-01T00:00:00.000Z',
});

describe('state reader (real Kafka)', () => {
  let prefix: string;
  let publisher: TestPublisher;
  const readers: StateReader<CertificateStatusValue>[] = [];
  const options = (): MessagingOptions => ({
    service: 'authn',
    schema: 'authn',
    brokers: testBrokers(),
    topicPrefix: prefix,
    partitions: 1,
    instanceId: `i${readers.length}`,
    freshnessLimitMs: 2000,
  });

  beforeAll(async () => {
    prefix = uniqueTopicPrefix('state');
    publisher = new TestPublisher(prefix);
    await publisher.ensureTopics();
  });

  afterAll(async () => {
    await Promise.all(readers.map((r) => r.stop()));
    await publisher.close();
  });

  async function newReader(): Promise<StateReader<CertificateStatusValue>> {
    const reader = new StateReader<CertificateStatusValue>(options(), [TOPICS.certificateStatus]);
    readers.push(reader);
    await reader.start();
    await reader.waitUntilReady(20000);
    return reader;
  }

  it('ok/an empty topic is ready at once and fresh', async () => {
    const reader = await newReader();
    expect(reader.ready).toBe(true);
    expect(reader.size(TOPICS.certificateStatus)).toBe(0);
    await eventually(() => reader.isFresh());
  });

  it('ok/two instances both see every value; the highest revision wins even when an old one arrives late', async () => {
    for (let i = 0; i < 50; i++)
      await publisher.state(TOPICS.certificateStatus, status(`0a${i.toString(16).padStart(2, '0')}`, 1, 'active'));
    await publisher.state(TOPICS.certificateStatus, status('0a00', 3, 'revoked'));
    await publisher.state(TOPICS.certificateStatus, status('0a00', 2, 'blocked'));
    const [a, b] = [await newReader(), await newReader()];
    for (const reader of [a, b]) {
      expect(reader.size(TOPICS.certificateStatus)).toBe(50);
      expect(reader.get(TOPICS.certificateStatus, '0a00')?.status).toBe('revoked');
    }
    await publisher.state(TOPICS.certificateStatus, status('0a01', 2, 'blocked'));
    await eventually(
      () => a.get(TOPICS.certificateStatus, '0a01')?.status === 'blocked' && b.get(TOPICS.certificateStatus, '0a01')?.status === 'blocked',
    );
  });

  it('fail/an invalid state value is skipped and does not stop the reader', async () => {
    const reader = await newReader();
    await publisher.raw(TOPICS.certificateStatus, '0b00', '{"key":"0b00"}');
    await publisher.state(TOPICS.certificateStatus, status('0b01', 1, 'active'));
    await eventually(() => reader.get(TOPICS.certificateStatus, '0b01'));
    expect(reader.get(TOPICS.certificateStatus, '0b00')).toBeUndefined();
  });
});
