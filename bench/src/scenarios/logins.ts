import { generateTotpSecret } from '@paspoort/totp';
import { createHmac } from 'node:crypto';
import { TotpSecrets } from '../../../apps/authn/src/totp/totp-secrets';
import { TlsClient } from '../http-client';
import { closedLoop, pool } from '../load';
import type { BenchDatabase } from '../platform';
import type { Results } from '../results';
import type { Scale } from '../scale';
import type { World } from '../world';
import type { IssuedHolder } from './issuance';

/** Concurrent portal logins (a login holds one pooled connection for its transaction). */
const LOGIN_CONCURRENCY = Number(process.env.BENCH_LOGIN_CONCURRENCY ?? 16);

/**
 * Portal logins per second: a personal certificate over TLS plus a TOTP code, end to end (access decision, code
 * check, replay-safe step update, session, token signing, login.succeeded in the outbox). Measured twice: on TLS
 * connections opened beforehand (client authentication excluded) and with a new handshake per login (included).
 * The enrollments are seeded directly in authn's table, sealed with authn's own TotpSecrets under the run's KEK, so
 * the population is ready without a 30-second wait per person; every login uses a fresh person (the replay guard
 * allows one login per person and 30-second step).
 */
export async function portalLogins(
  results: Results,
  scale: Scale,
  world: World,
  db: BenchDatabase,
  persons: IssuedHolder[],
): Promise<void> {
  const authn = world.service('authn-a');
  const portalPort = authn.portalPorts[0];
  const sealer = new TotpSecrets(Buffer.from(world.env.secrets.PASPOORT_TOTP_KEK, 'base64'));
  const secrets = new Map<string, string>();
  for (const p of persons) {
    const secret = generateTotpSecret();
    secrets.set(p.personId!, secret);
    await db.query(
      `INSERT INTO "authn".totp_enrollments (environment, person_id, secret_encrypted, confirmed_at, last_used_step, updated_at) VALUES ('test', $1, $2, now(), -1, now())`,
      [p.personId, sealer.seal(secret, 'test', p.personId!)],
    );
  }
  const half = Math.floor(persons.length / 2);
  const variants: [string, IssuedHolder[], boolean][] = [
    ['excluded', persons.slice(0, half), true],
    ['included', persons.slice(half), false],
  ];
  for (const [tls, group, reuse] of variants) {
    const clients = group.map((p) => new TlsClient(portalPort, { certPem: p.certPem, keyPem: p.keyPem }, reuse));
    // Before the clock starts, every person's certificate has been seen once (authn parses and chain-checks a
    // certificate once, then caches it by fingerprint), so the two variants differ only by the handshake; with the
    // handshake excluded that request also opened the connection the login reuses (GET /session: 401, no database).
    await pool(clients.length, 16, (i) => clients[i].request('GET', '/session'));
    const run = await closedLoop(
      async (i) => {
        const person = group[i];
        const code = totpCode(secrets.get(person.personId!)!, Math.floor(Date.now() / 30000));
        await clients[i].request('POST', '/login', { code }, 200);
      },
      { concurrency: LOGIN_CONCURRENCY, count: group.length, maxSeconds: scale.maxSecondsPerPhase },
    );
    if (run.failed > 0) results.note(`logins (TLS ${tls}): ${run.failed} failed (${run.firstError})`);
    results.add(`portal logins (TOTP), TLS client auth ${tls}`, run.rate, 'login/s', null, {
      concurrency: LOGIN_CONCURRENCY,
      logins: run.done,
      seconds: run.seconds,
      p50Ms: run.latency.p50,
      p99Ms: run.latency.p99,
      connection: reuse
        ? 'kept-alive TLS connection per person, opened before timing'
        : 'new TLS handshake with client certificate per login',
    });
    for (const c of clients) c.close();
  }
}

/** RFC 6238 (SHA-1, 6 digits, 30 s), written here independently of libs/totp. */
function totpCode(base32Secret: string, step: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of base32Secret.replace(/=+$/, '').toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(Array.from({ length: Math.floor(bits.length / 8) }, (_, i) => parseInt(bits.slice(i * 8, i * 8 + 8), 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  return ((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).toString().padStart(6, '0');
}
