import { generateKeyPairSync, randomBytes, sign, verify } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { syncRate } from '../load';
import type { Limit, Results } from '../results';
import type { Scale } from '../scale';

/** The machine's own limits, measured in this run: the yardsticks of every ratio. */
export interface MachineLimits {
  sign: Limit;
  verify: Limit;
  /** One CSR verification plus one signature per certificate: 1 / (1/sign + 1/verify). */
  issuance: Limit;
  insert: Limit;
  commit: Limit;
}

/** ECDSA P-256 sign and verify per second on one core with node:crypto (SHA-256 over a certificate-sized message). */
export function measureEcdsa(scale: Scale): { sign: Limit; verify: Limit; issuance: Limit } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const message = randomBytes(600);
  const signature = sign('sha256', message, privateKey);
  const signs = syncRate(() => sign('sha256', message, privateKey), { seconds: scale.limitSeconds, warmup: 200, batch: 20 });
  const verifies = syncRate(() => verify('sha256', message, publicKey, signature), { seconds: scale.limitSeconds, warmup: 200, batch: 20 });
  const perCertificate = 1 / (1 / signs + 1 / verifies);
  return {
    sign: { name: 'node:crypto ECDSA P-256 sign, 1 core', value: signs, unit: 'sign/s' },
    verify: { name: 'node:crypto ECDSA P-256 verify, 1 core', value: verifies, unit: 'verify/s' },
    issuance: { name: 'crypto alone: 1 verify + 1 sign, 1 core', value: perCertificate, unit: 'cert/s' },
  };
}

/**
 * Plain multi-VALUES INSERTs of audit-row-sized rows, `batch` rows per statement and transaction, into an ordinary
 * (WAL-logged, indexed) table: a temp table skips the WAL and would flatter the limit.
 */
export async function measureInsert(databaseUrl: string, scale: Scale): Promise<Limit & { batch: number; rows: number }> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(
      `CREATE TABLE public.bench_insert (sequence bigint PRIMARY KEY, event_id uuid NOT NULL, type text NOT NULL, body jsonb NOT NULL, hash text NOT NULL)`,
    );
    const batch = 500;
    const body = JSON.stringify({
      type: 'access.granted',
      data: { serial: 'ab'.repeat(8), sourceIp: '10.0.0.1', channel: 'access-check', warnings: [] },
      pad: 'x'.repeat(300),
    });
    let sequence = 0;
    const insertBatch = async () => {
      const values: string[] = [];
      const params: unknown[] = [];
      for (let i = 0; i < batch; i++) {
        sequence++;
        const b = params.length;
        values.push(`($${b + 1}, gen_random_uuid(), $${b + 2}, $${b + 3}::jsonb, $${b + 4})`);
        params.push(sequence, 'access.granted', body, randomBytes(32).toString('hex'));
      }
      await client.query('BEGIN');
      await client.query(`INSERT INTO public.bench_insert (sequence, event_id, type, body, hash) VALUES ${values.join(',')}`, params);
      await client.query('COMMIT');
    };
    for (let i = 0; i < 3; i++) await insertBatch();
    const start = performance.now();
    const first = sequence;
    while (performance.now() - start < scale.limitSeconds * 1000) await insertBatch();
    const rate = (sequence - first) / ((performance.now() - start) / 1000);
    return {
      name: `Postgres plain INSERT, ${batch}-row multi-VALUES, 1 connection`,
      value: rate,
      unit: 'rows/s',
      batch,
      rows: sequence - first,
    };
  } finally {
    await client.query('DROP TABLE IF EXISTS public.bench_insert').catch(() => undefined);
    await client.end();
  }
}

/**
 * Single-row INSERT transactions per second from 16 connections at once: the commit (WAL flush) rate that bounds
 * any request which writes its own transaction (an issuance, an access decision's outbox row, a login).
 */
export async function measureCommits(databaseUrl: string, scale: Scale): Promise<Limit> {
  const clients = await Promise.all(
    Array.from({ length: 16 }, async () => {
      const c = new Client({ connectionString: databaseUrl });
      await c.connect();
      return c;
    }),
  );
  try {
    await clients[0].query(`CREATE TABLE public.bench_commit (id bigserial PRIMARY KEY, body text NOT NULL)`);
    let done = 0;
    const until = performance.now() + scale.limitSeconds * 1000;
    const start = performance.now();
    await Promise.all(
      clients.map(async (c) => {
        while (performance.now() < until) {
          await c.query(`INSERT INTO public.bench_commit (body) VALUES ($1)`, ['x'.repeat(400)]);
          done++;
        }
      }),
    );
    return {
      name: 'Postgres single-row INSERT commits, 16 connections',
      value: done / ((performance.now() - start) / 1000),
      unit: 'commit/s',
    };
  } finally {
    await clients[0].query('DROP TABLE IF EXISTS public.bench_commit').catch(() => undefined);
    await Promise.all(clients.map((c) => c.end()));
  }
}

export async function measureLimits(results: Results, databaseUrl: string, scale: Scale): Promise<MachineLimits> {
  const ecdsa = measureEcdsa(scale);
  const insert = await measureInsert(databaseUrl, scale);
  const limit = { name: insert.name, value: insert.value, unit: insert.unit };
  const commit = await measureCommits(databaseUrl, scale);
  results.add('limit: ECDSA P-256 sign (node:crypto, 1 core)', ecdsa.sign.value, 'sign/s', null, { seconds: scale.limitSeconds });
  results.add('limit: ECDSA P-256 verify (node:crypto, 1 core)', ecdsa.verify.value, 'verify/s', null, { seconds: scale.limitSeconds });
  results.add('limit: Postgres batched INSERT', insert.value, 'rows/s', null, {
    batch: insert.batch,
    rows: insert.rows,
    transactionPerBatch: true,
  });
  results.add('limit: Postgres single-row commits', commit.value, 'commit/s', null, { connections: 16, seconds: scale.limitSeconds });
  return { ...ecdsa, insert: limit, commit };
}
