import type { ServiceName } from '../platform';
import { BenchDatabase, startPrivateBroker, stopPrivateBroker, type Runtime } from '../platform';
import type { Results } from '../results';
import type { Scale } from '../scale';
import { World } from '../world';

const ALL: { name: ServiceName }[] = [{ name: 'issuer' }, { name: 'authn' }, { name: 'ip-registry' }, { name: 'audit' }];

/**
 * Cold start: the four services started at once on a fresh database and topic prefix (migrations, CA
 * initialisation, topic creation, projections read) until every `/health/ready` answers 200 — what `npm run up`
 * does after installing and building, on free ports. Once against the run's broker, once including the start
 * of a new broker (empty data directory).
 */
export async function coldStart(results: Results, scale: Scale, brokers: string, runtime: Runtime): Promise<void> {
  const warm = await bootOnce(brokers, runtime);
  results.add('cold start, broker already running', warm, 'ms', null, { services: 4, runtime, database: 'fresh' });
  if (!scale.coldStartWithoutBroker) return;
  const t0 = performance.now();
  const broker = await startPrivateBroker();
  try {
    const brokerMs = performance.now() - t0;
    const services = await bootOnce(broker.brokers, runtime);
    results.add('cold start, broker started too', brokerMs + services, 'ms', null, {
      services: 4,
      runtime,
      brokerStartMs: Math.round(brokerMs),
      servicesMs: Math.round(services),
    });
  } finally {
    await stopPrivateBroker(broker);
  }
}

async function bootOnce(brokers: string, runtime: Runtime): Promise<number> {
  const db = await BenchDatabase.create();
  const world = new World(World.platformEnv(db.url, brokers, runtime));
  try {
    return await world.start(ALL);
  } finally {
    await world.stop();
    await db.drop();
  }
}
