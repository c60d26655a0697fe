import type { JsonClient } from '../http-client';
import { closedLoop, openLoop, sleep } from '../load';
import type { Results } from '../results';
import type { Scale } from '../scale';
import type { World } from '../world';
import type { IssuedHolder } from './issuance';
import type { MachineLimits } from './limits';

interface AccessAnswer {
  decision: 'allow' | 'deny';
  reason?: string;
}

/** The system certificates used for access checks, each with one registered address; enforcement on. */
export async function registerAddresses(world: World, holders: IssuedHolder[]): Promise<{ holder: IssuedHolder; sourceIp: string }[]> {
  const registry = world.operatorClient('ip-registry', 8);
  const checked = holders.map((holder, i) => ({ holder, sourceIp: `10.${Math.floor(i / 250)}.${i % 250}.7` }));
  for (const c of checked) {
    await retry(() =>
      registry.request('POST', `/certificates/${c.holder.serial}/ip-registrations`, { address: c.sourceIp.replace(/\.7$/, '.0/24') }, 201),
    );
  }
  await registry.request('PUT', '/enforcement/test', { enforcedFrom: new Date(Date.now() - 60000).toISOString() }, 200);
  registry.close();
  return checked;
}

export function accessCheck(client: JsonClient, c: { holder: IssuedHolder; sourceIp: string }): Promise<AccessAnswer> {
  return client
    .request<AccessAnswer>('POST', '/access/check', { certificatePem: c.holder.certPem, sourceIp: c.sourceIp, environment: 'test' }, 200)
    .then((a) => a.body);
}

/** Waits until an authn instance allows every checked certificate (statuses, chains and registrations arrived). */
export async function waitUntilAllowed(
  client: JsonClient,
  checked: { holder: IssuedHolder; sourceIp: string }[],
  timeoutMs = 60000,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (const c of checked) {
    for (;;) {
      const answer = await accessCheck(client, c);
      if (answer.decision === 'allow' && !('warnings' in answer && (answer as { warnings: string[] }).warnings.length > 0)) break;
      if (Date.now() > until) throw new Error(`access check never allowed ${c.holder.serial}: ${JSON.stringify(answer)}`);
      await sleep(50);
    }
  }
}

/** `/access/check` decisions per second at the concurrency, then tail latency at 50 % and 80 % of that. */
export async function httpAccessChecks(
  results: Results,
  limits: MachineLimits,
  scale: Scale,
  world: World,
  checked: { holder: IssuedHolder; sourceIp: string }[],
): Promise<void> {
  const client = world.gatewayClient('authn-a', scale.accessConcurrency * 2);
  await waitUntilAllowed(client, checked);
  let denied = 0;
  const check = async (i: number) => {
    const answer = await accessCheck(client, checked[i % checked.length]);
    if (answer.decision !== 'allow') denied++;
  };
  const run = await closedLoop(check, {
    concurrency: scale.accessConcurrency,
    count: 1_000_000,
    maxSeconds: scale.accessSeconds,
    warmup: 500,
  });
  if (run.failed > 0 || denied > 0) results.note(`access checks: ${run.failed} failed, ${denied} denied (${run.firstError ?? ''})`);
  results.add('access checks over HTTP (/access/check)', run.rate, 'decision/s', limits.verify, {
    concurrency: scale.accessConcurrency,
    requests: run.done,
    seconds: run.seconds,
    certificates: checked.length,
    p50Ms: run.latency.p50,
    p99Ms: run.latency.p99,
    includes: 'ES256 gateway token verification, certificate + IP + status decision, access.granted event in the outbox',
  });
  results.add('access checks over HTTP vs Postgres commit rate', run.rate, 'decision/s', limits.commit, {
    why: 'every decision commits its access.granted outbox row in its own transaction before answering',
  });
  for (const share of [0.5, 0.8]) {
    const rate = run.rate * share;
    const tail = await openLoop(check, { rate, seconds: scale.tailSeconds });
    const parameters = {
      targetRate: Math.round(rate),
      achievedRate: Math.round(tail.rate),
      requests: tail.done,
      failed: tail.failed,
      maxMs: tail.latency.max,
    };
    results.add(`access check latency p50 at ${share * 100}% of max`, tail.latency.p50, 'ms', null, parameters);
    results.add(`access check latency p99 at ${share * 100}% of max`, tail.latency.p99, 'ms', null, parameters);
  }
  client.close();
}

/** Retries a call a few times (the IP registry learns new certificates from events, a moment after issuance). */
export async function retry<T>(fn: () => Promise<T>, attempts = 40, delayMs = 250): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (error) {
      if (i >= attempts) throw error;
      await sleep(delayMs);
    }
  }
}
