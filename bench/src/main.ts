import { cpus } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../scripts/lib/kafka-broker';
import { InMemoryCa } from './fixtures';
import { BenchDatabase, bringUpBroker, stopPrivateBroker } from './platform';
import { Results } from './results';
import { scaleFrom } from './scale';
import { inProcessDecisions, inProcessIssuance } from './scenarios/in-process';
import { measureLimits } from './scenarios/limits';

/** Runs every scenario in order, prints the table and writes the results; returns the exit code. */
export async function main(): Promise<number> {
  const scale = scaleFrom();
  const results = new Results();
  const startedAt = new Date();
  const cleanups: (() => Promise<void>)[] = [];
  let failure: unknown;
  process.stdout.write(`[bench] scale ${scale.name}, ${cpus().length} cores\n`);
  try {
    const broker = await bringUpBroker();
    cleanups.push(() => stopPrivateBroker(broker));
    const db = await BenchDatabase.create();
    cleanups.push(() => db.drop());
    const limits = await measureLimits(results, db.url, scale);
    const ca = await InMemoryCa.create();
    await inProcessIssuance(results, limits, scale, ca);
    await inProcessDecisions(results, limits, scale, ca);
  } catch (error) {
    failure = error;
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((e: unknown) => process.stderr.write(`[bench] cleanup: ${(e as Error).message}\n`));
  }
  const out = process.env.BENCH_OUT ?? join(ROOT, 'bench', 'results.json');
  results.write(out, { scale: scale.name, startedAt: startedAt.toISOString(), seconds: Math.round((Date.now() - startedAt.getTime()) / 1000), complete: !failure });
  process.stdout.write(`\n${results.table()}\n\n[bench] results written to ${out}\n`);
  if (failure) throw failure;
  return 0;
}
