import { makeHolderRequest, type HolderRequest } from '@paspoort/testing';
import { personalHolder, systemHolder } from '../fixtures';
import { closedLoop, openLoop, pool } from '../load';
import type { Results } from '../results';
import type { Scale } from '../scale';
import type { World } from '../world';
import type { MachineLimits } from './limits';

/** A certificate the issuer issued during the run, with the holder's key (for TLS client authentication). */
export interface IssuedHolder {
  serial: string;
  certPem: string;
  keyPem: string;
  profile: 'personal' | 'system';
  personId?: string;
  organisationId?: string;
}

interface IssuanceAnswer {
  serial: string;
  certificatePem: string;
}

/**
 * Certificates per second through the whole path (HTTP, token check, CSR verification, signing, Postgres, outbox)
 * at the issue's concurrency; the holders' keys are made beforehand (holders make their own keys).
 */
export async function httpIssuance(
  results: Results,
  limits: MachineLimits,
  scale: Scale,
  world: World,
  personal: number,
): Promise<IssuedHolder[]> {
  const total = scale.issuanceCount + personal;
  const requests: HolderRequest[] = [];
  await pool(total + 20, 4, async () => void requests.push(await makeHolderRequest()));
  const client = world.operatorClient('issuer', scale.issuanceConcurrency * 2);
  const issued: IssuedHolder[] = [];
  const issueOne = async (i: number): Promise<IssuedHolder> => {
    const profile = i >= 20 && i < 20 + personal ? 'personal' : 'system';
    const holder = profile === 'personal' ? personalHolder(i) : systemHolder(i);
    const answer = await client.request<IssuanceAnswer>(
      'POST',
      '/certificates',
      { csr: requests[i].csrPem, profile, environment: 'test', holder },
      201,
    );
    const one: IssuedHolder = {
      serial: answer.body.serial,
      certPem: answer.body.certificatePem,
      keyPem: requests[i].keyPem,
      profile,
      ...holder,
    };
    issued.push(one);
    return one;
  };
  // The warm-up issues the personal certificates (the login population) first; they are not timed.
  await pool(20 + personal, scale.issuanceConcurrency, issueOne);
  let next = 20 + personal;
  const run = await closedLoop(() => issueOne(next++), {
    concurrency: scale.issuanceConcurrency,
    count: scale.issuanceCount,
    maxSeconds: scale.maxSecondsPerPhase,
  });
  if (run.failed > 0) results.note(`issuance: ${run.failed} requests failed (${run.firstError})`);
  results.add('issuance over HTTP (full path)', run.rate, 'cert/s', limits.issuance, {
    concurrency: scale.issuanceConcurrency,
    certificates: run.done,
    seconds: run.seconds,
    p50Ms: run.latency.p50,
    p99Ms: run.latency.p99,
    profile: 'system',
    path: 'POST /certificates → CSR check → sign → INSERT + outbox (event + status) in one transaction',
  });
  await issuanceTail(results, scale, client, requests, run.rate, () => next++);
  client.close();
  return issued;
}

/** p50/p99 at 50 % and 80 % of the measured maximum issuance rate (open loop). */
async function issuanceTail(
  results: Results,
  scale: Scale,
  client: ReturnType<World['operatorClient']>,
  requests: HolderRequest[],
  maxRate: number,
  index: () => number,
): Promise<void> {
  for (const share of [0.5, 0.8]) {
    const rate = Math.max(1, maxRate * share);
    const run = await openLoop(
      async () => {
        const i = index();
        await client.request(
          'POST',
          '/certificates',
          { csr: requests[i % requests.length].csrPem, profile: 'system', environment: 'test', holder: systemHolder(i) },
          201,
        );
      },
      { rate, seconds: scale.tailSeconds },
    );
    const parameters = {
      targetRate: Math.round(rate),
      achievedRate: Math.round(run.rate),
      requests: run.done,
      failed: run.failed,
      p50Ms: run.latency.p50,
      p99Ms: run.latency.p99,
      maxMs: run.latency.max,
    };
    results.add(`issuance latency p50 at ${share * 100}% of max`, run.latency.p50, 'ms', null, parameters);
    results.add(`issuance latency p99 at ${share * 100}% of max`, run.latency.p99, 'ms', null, parameters);
  }
}
