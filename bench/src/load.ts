import { performance } from 'node:perf_hooks';

/** Latency percentiles in milliseconds. */
export interface Latencies {
  p50: number;
  p99: number;
  max: number;
  count: number;
}

export function percentiles(samples: number[]): Latencies {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]);
  return { p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] ?? NaN, count: sorted.length };
}

export interface ClosedLoopResult {
  /** Completed operations per second over the measured window. */
  rate: number;
  done: number;
  failed: number;
  seconds: number;
  latency: Latencies;
  firstError?: string;
}

/**
 * Closed-loop load: `concurrency` workers each run `operation(i)` back to back until `count` operations are done or
 * `maxSeconds` pass. The first `warmup` operations run before the clock starts and are not counted.
 */
export async function closedLoop(
  operation: (i: number) => Promise<unknown>,
  opts: { concurrency: number; count: number; maxSeconds: number; warmup?: number },
): Promise<ClosedLoopResult> {
  let next = 0;
  const warmup = opts.warmup ?? 0;
  await pool(warmup, opts.concurrency, async () => operation(next++));
  const samples: number[] = [];
  let failed = 0;
  let firstError: string | undefined;
  const start = performance.now();
  const deadline = start + opts.maxSeconds * 1000;
  let issued = 0;
  const worker = async () => {
    while (issued < opts.count && performance.now() < deadline) {
      issued++;
      const t0 = performance.now();
      try {
        await operation(next++);
        samples.push(performance.now() - t0);
      } catch (error) {
        failed++;
        firstError ??= (error as Error).message;
      }
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  const seconds = (performance.now() - start) / 1000;
  return { rate: samples.length / seconds, done: samples.length, failed, seconds, latency: percentiles(samples), firstError };
}

/**
 * Open-loop load at a fixed arrival rate (for tail latency at a fraction of the maximum): operations start on a
 * schedule whether or not earlier ones finished, so a stall shows as latency instead of a lower request rate.
 * Latency counts from the scheduled start (no coordinated omission).
 */
export async function openLoop(
  operation: (i: number) => Promise<unknown>,
  opts: { rate: number; seconds: number; maxInFlight?: number },
): Promise<ClosedLoopResult> {
  const total = Math.max(1, Math.floor(opts.rate * opts.seconds));
  const interval = 1000 / opts.rate;
  const samples: number[] = [];
  const running = new Set<Promise<void>>();
  let failed = 0;
  let firstError: string | undefined;
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    const scheduled = start + i * interval;
    const wait = scheduled - performance.now();
    if (wait > 1) await sleep(wait);
    if (running.size >= (opts.maxInFlight ?? 512)) await Promise.race(running);
    const p = operation(i)
      .then(
        () => void samples.push(performance.now() - scheduled),
        (error: unknown) => {
          failed++;
          firstError ??= (error as Error).message;
        },
      )
      .finally(() => running.delete(p));
    running.add(p);
  }
  await Promise.all(running);
  const seconds = (performance.now() - start) / 1000;
  return { rate: samples.length / seconds, done: samples.length, failed, seconds, latency: percentiles(samples), firstError };
}

/** Runs `task` `count` times with at most `concurrency` at once. */
export async function pool(count: number, concurrency: number, task: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

/** Synchronous operations per second, measured for at least `seconds` after `warmup` calls. */
export function syncRate(operation: (i: number) => unknown, opts: { seconds: number; warmup: number; batch?: number }): number {
  for (let i = 0; i < opts.warmup; i++) operation(i);
  const batch = opts.batch ?? 50;
  let done = 0;
  const start = performance.now();
  const until = start + opts.seconds * 1000;
  while (performance.now() < until) {
    for (let i = 0; i < batch; i++) operation(done + i);
    done += batch;
  }
  return done / ((performance.now() - start) / 1000);
}

/** Async operations (awaited one after another) per second. */
export async function asyncRate(operation: (i: number) => Promise<unknown>, opts: { seconds: number; warmup: number }): Promise<number> {
  for (let i = 0; i < opts.warmup; i++) await operation(i);
  let done = 0;
  const start = performance.now();
  const until = start + opts.seconds * 1000;
  while (performance.now() < until) await operation(done++);
  return done / ((performance.now() - start) / 1000);
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
