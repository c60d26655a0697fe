import type { ServiceName } from '@paspoort/contracts';
import { OutboxWriter, StateTopicRestorer, type StateTopicSource } from '@paspoort/messaging';
import { DataSource } from 'typeorm';
import { EnvReader, messagingOptionsFrom, readCommonConfig } from './config';
import { dataSourceOptions } from './database';

/**
 * `npm run state:republish` for one owner of state topics: writes every current value (at its current revision) into
 * the service's outbox, whatever the broker holds; the running service's relay publishes them. A database without the
 * service's schema is skipped. Reads only the common settings (database, topic prefix), no key-encryption key.
 */
export async function republishStateTopics(service: ServiceName, sources: StateTopicSource[], env: NodeJS.ProcessEnv): Promise<number> {
  try {
    const reader = new EnvReader(env);
    const common = readCommonConfig(reader, service);
    reader.done();
    const dataSource = new DataSource(
      dataSourceOptions({ url: common.database.url, schema: common.schema, poolSize: 2, entities: [], migrations: [] }),
    );
    await dataSource.initialize();
    try {
      const [{ present }] = (await dataSource.query(`SELECT to_regclass($1) IS NOT NULL AS present`, [`"${common.schema}".outbox`])) as {
        present: boolean;
      }[];
      if (!present) {
        process.stdout.write(`${service}: no ${common.schema} schema in this database, skipped\n`);
        return 0;
      }
      const options = messagingOptionsFrom(common);
      const restorer = new StateTopicRestorer(options, dataSource, new OutboxWriter(options, dataSource));
      for (const source of sources) restorer.register(source);
      const counts = [...(await restorer.republishAll())].map(([topic, count]) => `${count} on ${common.kafka.topicPrefix}${topic}`);
      process.stdout.write(`${service}: ${counts.join(', ')} (in the outbox; the running service publishes them)\n`);
      return 0;
    } finally {
      await dataSource.destroy();
    }
  } catch (error) {
    process.stderr.write(`state:republish: ${service}: ${(error as Error).message}\n`);
    return 1;
  }
}
