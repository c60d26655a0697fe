import { cpus } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../scripts/lib/kafka-broker';
import { BenchDatabase, bringUpBroker, stopPrivateBroker, type BenchBroker } from './platform';
import { TestCa } from '@paspoort/testing';
import { Results } from './results';
import { chooseRuntime } from './runtime';
import { scaleFrom, type Scale } from './scale';
import { httpAccessChecks, registerAddresses } from './scenarios/access';
import { auditIngest } from './scenarios/audit';
import { coldStart } from './scenarios/cold-start';
import { inProcessDecisions, inProcessIssuance } from './scenarios/in-process';
import { httpIssuance } from './scenarios/issuance';
import { measureLimits, type MachineLimits } from './scenarios/limits';
import { portalLogins } from './scenarios/logins';
import { projectionMemory, serviceMemory } from './scenarios/memory';
import { revocationPropagation } from './scenarios/revocation';
import { World } from './world';

/** Runs every scenario in order, prints the table and writes the results; returns the exit code. */
export async function main(): Promise<number> {
  const scale = scaleFrom();
  const results = new Results();
  const startedAt = new Date();
  const cleanups: (() => Promise<void>)[] = [];
  let failure: unknown;
  const { runtime, note } = chooseRuntime(scale.name === 'full');
  if (note) results.note(note);
  process.stdout.write(`[bench] scale ${scale.name}, ${cpus().length} cores, services from ${runtime}\n`);
  const stopOnSignal = () => void Promise.all(cleanups.reverse().map((c) => c().catch(() => undefined))).finally(() => process.exit(130));
  process.once('SIGINT', stopOnSignal);
  let broker: BenchBroker | undefined;
  try {
    broker = await bringUpBroker();
    const b = broker;
    cleanups.push(() => stopPrivateBroker(b));
    const db = await BenchDatabase.create();
    cleanups.push(() => db.drop());
    const limits = await measureLimits(results, db.url, scale);
    const ca = await TestCa.create();
    await inProcessIssuance(results, limits, scale, ca);
    await inProcessDecisions(results, limits, scale, ca);
    const world = new World(World.platformEnv(db.url, broker.brokers, runtime));
    cleanups.push(() => world.stop());
    await platformScenarios(results, limits, scale, world, db);
    await world.stop();
    await coldStart(results, scale, broker.brokers, runtime);
  } catch (error) {
    failure = error;
    results.note(`the run stopped early: ${(error as Error).message}`);
  } finally {
    for (const cleanup of cleanups.reverse())
      await cleanup().catch((e: unknown) => process.stderr.write(`[bench] cleanup: ${(e as Error).message}\n`));
  }
  const out = process.env.BENCH_OUT ?? join(ROOT, 'bench', 'results.json');
  results.write(out, {
    scale: scale.name,
    runtime,
    broker: broker?.dir ? 'private (started by the run)' : 'platform broker',
    startedAt: startedAt.toISOString(),
    seconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
    complete: !failure,
  });
  process.stdout.write(`\n${results.table()}\n\n[bench] results written to ${out}\n`);
  if (failure) throw failure;
  return 0;
}

/** Issuance, access checks, logins, revocation, memory and audit against the running platform. */
async function platformScenarios(results: Results, limits: MachineLimits, scale: Scale, world: World, db: BenchDatabase): Promise<void> {
  await world.prepareGatewayToken();
  const bootMs = await world.start([
    { name: 'issuer' },
    { name: 'authn', label: 'authn-a' },
    { name: 'authn', label: 'authn-b' },
    { name: 'ip-registry' },
  ]);
  results.note(`issuer, two authn instances and ip-registry ready in ${Math.round(bootMs)} ms`);
  const issued = await httpIssuance(results, limits, scale, world, scale.loginPersons);
  const systems = issued.filter((h) => h.profile === 'system');
  const persons = issued.filter((h) => h.profile === 'personal');
  const checked = await registerAddresses(world, systems.slice(0, Math.min(32, systems.length)));
  await httpAccessChecks(results, limits, scale, world, checked);
  await portalLogins(results, scale, world, db, persons);
  await revocationPropagation(results, scale, world, systems.slice(checked.length, checked.length + scale.revocations));
  await projectionMemory(results, scale, world, checked[0]);
  await auditIngest(results, limits.insert, scale, world, db);
  serviceMemory(results, world);
}
