import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface ResultsFile {
  run: { scale: string; complete: boolean; machine: { cpus: number } };
  metrics: {
    name: string;
    value: number;
    unit: string;
    limit: { name: string; value: number; unit: string } | null;
    ratio: number | null;
    parameters: object;
  }[];
}

/** Runs `npm run bench` at a tiny size against the test broker and checks that it writes valid results (no timed assertions). */
describe('bench: tiny run', () => {
  const dir = mkdtempSync(join(tmpdir(), 'paspoort-bench-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('ok/writes one well-formed object per metric, covering every scenario', async () => {
    const out = join(dir, 'results.json');
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, [join(__dirname, '..', 'run.js')], {
        env: { ...process.env, BENCH_SCALE: 'tiny', BENCH_OUT: out },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
      child.on('exit', (c) => {
        if (c !== 0) process.stderr.write(stderr);
        resolve(c);
      });
    });
    expect(code).toBe(0);
    const results = JSON.parse(readFileSync(out, 'utf8')) as ResultsFile;
    expect(results.run).toMatchObject({ scale: 'tiny', complete: true });
    for (const m of results.metrics) {
      expect(typeof m.name).toBe('string');
      expect(typeof m.value).toBe('number');
      expect(typeof m.unit).toBe('string');
      expect(m.parameters).toEqual(expect.any(Object));
      if (m.limit) {
        expect(m.limit).toEqual({ name: expect.any(String), value: expect.any(Number), unit: expect.any(String) });
        expect(m.ratio).toEqual(expect.any(Number));
      } else {
        expect(m.ratio).toBeNull();
      }
    }
    const names = results.metrics.map((m) => m.name).join('\n');
    for (const part of [
      'limit: ECDSA P-256 sign',
      'issuance over HTTP',
      'issuance, in-process',
      'access checks over HTTP',
      'access decisions, in-process',
      'portal logins',
      'revocation → denied at authn-b',
      'audit ingest',
      'audit consumer lag',
      'cold start',
      'resident memory',
      'per 100,000 certificate statuses',
      'latency p99 at 80%',
    ]) {
      expect(names).toContain(part);
    }
  }, 240000);
});
