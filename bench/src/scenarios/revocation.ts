import type { JsonClient } from '../http-client';
import { percentiles, pool, sleep } from '../load';
import type { Limit, Results } from '../results';
import type { Scale } from '../scale';
import type { World } from '../world';
import { accessCheck } from './access';
import type { IssuedHolder } from './issuance';

/** What the anchors do by default: how long a revoked certificate may still be honoured there. */
const ANCHORS: Limit[] = [
  { name: 'Vault PKI default CRL delta rebuild interval (15 min)', value: 15 * 60_000, unit: 'ms' },
  { name: 'a 24 h CRL cache (CRL nextUpdate honoured by relying parties)', value: 24 * 3_600_000, unit: 'ms' },
  { name: 'step-ca passive revocation: honoured until expiry (default leaf validity 24 h)', value: 24 * 3_600_000, unit: 'ms' },
];

/**
 * Revocation propagation: from the revoke call's response to the first `CERTIFICATE_REVOKED` answer of an access
 * check, at authn instance A and at instance B (separate processes, each its own projection). Each instance is
 * polled back to back (about a millisecond apart), so the figures are upper bounds by one request's latency.
 */
export async function revocationPropagation(results: Results, scale: Scale, world: World, victims: IssuedHolder[]): Promise<void> {
  const issuer = world.operatorClient('issuer', scale.revocationConcurrency * 2);
  const instances: [string, JsonClient][] = [
    ['authn-a', world.gatewayClient('authn-a', scale.revocationConcurrency * 2)],
    ['authn-b', world.gatewayClient('authn-b', scale.revocationConcurrency * 2)],
  ];
  const delays = new Map<string, number[]>(instances.map(([label]) => [label, []]));
  const slowest: number[] = [];
  let timeouts = 0;
  await pool(victims.length, scale.revocationConcurrency, async (i) => {
    const victim = { holder: victims[i], sourceIp: '192.0.2.1' };
    await issuer.request('POST', `/certificates/${victim.holder.serial}/revoke`, { reason: 'keyCompromise' }, 200);
    const revokedAt = performance.now();
    const seen = await Promise.all(
      instances.map(async ([label, client]) => {
        const until = revokedAt + 30_000;
        for (;;) {
          const answer = await accessCheck(client, victim);
          if (answer.reason === 'CERTIFICATE_REVOKED') {
            const ms = performance.now() - revokedAt;
            delays.get(label)!.push(ms);
            return ms;
          }
          if (performance.now() > until) {
            timeouts++;
            return NaN;
          }
          await sleep(1);
        }
      }),
    );
    slowest.push(Math.max(...seen));
  });
  if (timeouts > 0) results.note(`revocation: ${timeouts} checks did not see the revocation within 30 s`);
  const parameters = (label: string, l = percentiles(delays.get(label)!)) => ({
    certificates: l.count,
    concurrentRevocations: scale.revocationConcurrency,
    p50Ms: l.p50,
    p99Ms: l.p99,
    maxMs: l.max,
    instance: label,
  });
  for (const [label] of instances) {
    const l = percentiles(delays.get(label)!);
    results.add(`revocation → denied at ${label}, p50`, l.p50, 'ms', ANCHORS[0], parameters(label));
    results.add(`revocation → denied at ${label}, p99`, l.p99, 'ms', ANCHORS[0], parameters(label));
    results.add(`revocation → denied at ${label}, max`, l.max, 'ms', ANCHORS[1], parameters(label));
  }
  const both = percentiles(slowest.filter(Number.isFinite));
  results.add('revocation → denied at both instances, max', both.max, 'ms', ANCHORS[2], {
    certificates: both.count,
    p50Ms: both.p50,
    p99Ms: both.p99,
    stepCaPassiveRevocation: 'honoured until the certificate expires (no figure: unbounded within validity)',
  });
  issuer.close();
  for (const [, c] of instances) c.close();
}
