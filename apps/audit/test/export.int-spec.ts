import type { NestExpressApplication } from '@nestjs/platform-express';
import { TEST_BOOTSTRAP_TOKEN } from '@paspoort/testing';
import http from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { AuditHarness, sample } from './audit-harness';

const ROWS = 100_000;

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/**
 * Streams a response, counting lines; the body is never held. Every ~8 MB received it collects garbage and samples
 * the memory still live (heap + buffers) and the RSS: a buffering export would grow with the size, a streaming one not.
 */
function countLines(url: string): Promise<{ lines: number; retainedDelta: number; rssDelta: number; status: number }> {
  collectGarbage();
  const baseline = process.memoryUsage();
  let retained = 0;
  let rss = 0;
  const sample = () => {
    collectGarbage();
    const m = process.memoryUsage();
    retained = Math.max(retained, m.heapUsed + m.arrayBuffers - baseline.heapUsed - baseline.arrayBuffers);
    rss = Math.max(rss, m.rss - baseline.rss);
  };
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { Authorization: `Bearer ${TEST_BOOTSTRAP_TOKEN}` } }, (res) => {
        let lines = 0;
        let sinceSample = 0;
        res.on('data', (chunk: Buffer) => {
          for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) lines++;
          sinceSample += chunk.length;
          if (sinceSample > 8e6) {
            sinceSample = 0;
            sample();
          }
        });
        res.on('end', () => resolve({ lines, retainedDelta: retained, rssDelta: rss, status: res.statusCode ?? 0 }));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

describe('audit export of a large ledger (real Postgres)', () => {
  let h: AuditHarness;
  let app: NestExpressApplication;
  let base: string;

  beforeAll(async () => {
    h = await AuditHarness.create();
    app = await h.start();
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
    const template = JSON.stringify(sample('access.granted', { environment: 'acceptance' }));
    // Rows written directly (the chain is not the point here): each a distinct event, as the writer would store it.
    await h.sql(
      `INSERT INTO audit.ledger (sequence, event_id, topic, event, type, occurred_at, environment, source, subject, actor, outcome, serial, ingested_at, hash)
       SELECT n, md5(n::text)::uuid, 'paspoort.logins.v1', replace($1, $2, md5(n::text)::uuid::text), 'access.granted', now(), 'acceptance', 'authn',
              'subject-' || n, 'bootstrap', 'success', '0a0b', now(), md5(n::text) || md5(n::text)
       FROM generate_series(1, ${ROWS}) AS n`,
      [template, (JSON.parse(template) as { id: string }).id],
    );
  }, 60000);

  afterAll(async () => {
    await h?.close();
  });

  it.each([
    ['ndjson', ROWS],
    ['csv', ROWS + 1],
  ])(`ok/the %s export streams ${ROWS} events with bounded memory`, async (format, expectedLines) => {
    const started = Date.now();
    const { lines, retainedDelta, rssDelta, status } = await countLines(`${base}/audit/events.${format}?environment=acceptance`);
    process.stdout.write(
      `${format}: ${lines} lines in ${Date.now() - started} ms, live memory +${Math.round(retainedDelta / 1e6)} MB, RSS +${Math.round(rssDelta / 1e6)} MB\n`,
    );
    expect(status).toBe(200);
    expect(lines).toBe(expectedLines);
    expect(retainedDelta).toBeLessThan(20 * 1024 * 1024);
    expect(rssDelta).toBeLessThan(100 * 1024 * 1024);
  });
});
