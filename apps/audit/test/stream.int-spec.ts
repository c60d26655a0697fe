import type { NestExpressApplication } from '@nestjs/platform-express';
import { TOPICS, type CertificateStatus, type CertificateStatusValue, type EventEnvelope } from '@paspoort/contracts';
import { TEST_BOOTSTRAP_TOKEN } from '@paspoort/testing';
import { AuditHarness, sample } from './audit-harness';

type Frame = { event?: string; id?: string; data: string };

/** One open `GET /audit/stream`: collects its SSE frames until the server ends it or the test aborts it. */
class OpenStream {
  readonly frames: Frame[] = [];
  ended = false;
  private readonly abort = new AbortController();

  static async open(baseUrl: string, token: string): Promise<OpenStream> {
    const stream = new OpenStream();
    const response = await fetch(`${baseUrl}/audit/stream`, {
      headers: { Authorization: `Bearer ${token}` },
      signal: stream.abort.signal,
    });
    expect(response.status).toBe(200);
    void stream.collect(response.body!.getReader()).catch(() => undefined);
    return stream;
  }

  /** Waits until a frame matching `match` arrived (or fails after `timeoutMs`). */
  async frame(match: (f: Frame) => boolean, timeoutMs: number): Promise<Frame> {
    const until = Date.now() + timeoutMs;
    let found = this.frames.find(match);
    while (!found && Date.now() < until) {
      await pause(50);
      found = this.frames.find(match);
    }
    if (!found) throw new Error(`no matching frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames)}`);
    return found;
  }

  /** Waits for the end of the response, which must follow the `end` event. */
  async closedByServer(timeoutMs = 3000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!this.ended && Date.now() < until) await pause(50);
    expect(this.ended).toBe(true);
  }

  close(): void {
    this.abort.abort();
  }

  private async collect(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
    let buffer = '';
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      buffer += Buffer.from(chunk.value).toString('utf8');
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const text = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = /^data: (.*)$/m.exec(text)?.[1];
        if (data !== undefined) this.frames.push({ event: /^event: (.*)$/m.exec(text)?.[1], id: /^id: (\d+)$/m.exec(text)?.[1], data });
      }
    }
    this.ended = true;
  }
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const isEnd = (f: Frame) => f.event === 'end';
const carries = (event: EventEnvelope) => (f: Frame) => f.id !== undefined && f.data.includes(event.id);

describe('audit live stream ends when its token lapses (real Kafka and Postgres)', () => {
  let h: AuditHarness;
  let app: NestExpressApplication;
  let baseUrl: string;
  let bootstrapStream: OpenStream;
  const streams: OpenStream[] = [];
  const revisions = new Map<string, number>();

  const publishStatus = async (serial: string, status: CertificateStatus) => {
    const revision = (revisions.get(serial) ?? 0) + 1;
    revisions.set(serial, revision);
    const now = new Date().toISOString();
    const value: CertificateStatusValue = {
      key: serial,
      revision,
      updatedAt: now,
      serial,
      environment: 'test',
      profile: 'personal',
      personId: `p-${serial}`,
      status,
      ...(status === 'blocked' ? { blockCause: 'lost' as const } : {}),
      ...(status === 'revoked' ? { revocationReason: 'keyCompromise' as const } : {}),
      changedAt: now,
      notAfter: '2030-01-01T00:00:00.000Z',
    };
    await h.publisher.state(TOPICS.certificateStatus, value);
  };
  const officerToken = (serial: string, expiresInSeconds?: number) =>
    h.tokens.token({ sub: `person:p-${serial}`, env: 'test', roles: ['compliance-officer'], serial, expiresInSeconds });
  const open = async (token: string) => {
    const stream = await OpenStream.open(baseUrl, token);
    streams.push(stream);
    return stream;
  };

  beforeAll(async () => {
    h = await AuditHarness.create();
    for (const serial of ['5e01', '5e02', '5e03']) await publishStatus(serial, 'active');
    app = await h.start();
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
    bootstrapStream = await open(TEST_BOOTSTRAP_TOKEN);
  });

  afterAll(async () => {
    for (const stream of streams) stream.close();
    await h?.close();
  });

  it('fail/a stream whose token expires ends with a TOKEN_EXPIRED end event, then the response ends', async () => {
    const started = Date.now();
    // exp is at most 1 s away; the verifier allows 5 s of clock skew, as at the guard.
    const stream = await open(await officerToken('5e01', 1));
    const end = await stream.frame(isEnd, 9000);
    expect(JSON.parse(end.data)).toEqual({ code: 'TOKEN_EXPIRED', message: expect.any(String) });
    expect(Date.now() - started).toBeGreaterThanOrEqual(4000);
    await stream.closedByServer();
    expect(stream.frames.filter(isEnd)).toHaveLength(1);
  });

  it.each([
    ['blocked', 'TOKEN_CERTIFICATE_BLOCKED', '5e02'],
    ['revoked', 'TOKEN_CERTIFICATE_REVOKED', '5e03'],
  ] as const)('fail/a stream whose certificate is %s after it opened ends with %s', async (status, code, serial) => {
    const stream = await open(await officerToken(serial));
    const before = sample('logout', { environment: 'test', refs: { serial } });
    await h.publisher.event(before);
    await stream.frame(carries(before), 20000);
    await publishStatus(serial, status);
    const end = await stream.frame(isEnd, 10000);
    expect(JSON.parse(end.data)).toEqual({ code, message: expect.any(String) });
    await stream.closedByServer();
  });

  it('ok/the stream opened with the bootstrap token before all this keeps streaming after the others ended', async () => {
    const others = streams.filter((s) => s !== bootstrapStream);
    expect(others).toHaveLength(3);
    expect(others.every((s) => s.ended)).toBe(true);
    const later = sample('logout', { environment: 'test', refs: { serial: '5e02' } });
    await h.publisher.event(later);
    await bootstrapStream.frame(carries(later), 20000);
    expect(bootstrapStream.ended).toBe(false);
    expect(bootstrapStream.frames.some(isEnd)).toBe(false);
  });
});
