import { DynamicModule, Global, Module, type OnModuleInit } from '@nestjs/common';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { KafkaEventServer, MESSAGING_OPTIONS, METRICS_REGISTRY, MessagingModule } from '@paspoort/messaging';
import { collectDefaultMetrics, Registry } from 'prom-client';
import type { DataSource, DataSourceOptions, EntitySchema, MixedList } from 'typeorm';
import { messagingOptionsFrom, type CommonConfig } from './config';
import { createMigratedDataSource, dataSourceOptions } from './database';
import { AppExceptionFilter } from './exception-filter';
import { HealthController } from './health.controller';
import { ReadinessRegistry } from './readiness';
import { COMMON_CONFIG } from './tokens';

export interface PlatformDefinition {
  /** Reads and validates the service's whole config (throws ConfigError); called once at boot. */
  loadConfig: () => { common: CommonConfig };
  /** Token under which the app's full config is provided. */
  configToken: symbol;
  entities: MixedList<Function | string | EntitySchema>;
  migrations: Function[];
}

/** Registers the checks every service has: Postgres reachable and migrated, Kafka consumers joined. */
class PlatformReadiness implements OnModuleInit {
  constructor(
    private readonly readiness: ReadinessRegistry,
    private readonly dataSource: DataSource,
    private readonly eventServer: KafkaEventServer,
  ) {}

  onModuleInit(): void {
    this.readiness.register('postgres', async () => (await this.dataSource.query('SELECT 1 AS ok')).length === 1);
    this.readiness.register('kafka-consumer', () => this.eventServer.healthy);
  }
}

@Module({})
class PlatformConfigModule {}

/** Config, Postgres (migrated under a lock), messaging, health, metrics and error mapping of one service. */
@Global()
@Module({})
export class PlatformModule {
  static forService(d: PlatformDefinition): DynamicModule {
    const configModule: DynamicModule = {
      module: PlatformConfigModule,
      global: true,
      providers: [
        { provide: d.configToken, useFactory: () => d.loadConfig() },
        { provide: COMMON_CONFIG, useFactory: (c: { common: CommonConfig }) => c.common, inject: [d.configToken] },
      ],
      exports: [d.configToken, COMMON_CONFIG],
    };
    const database = (c: CommonConfig) => ({
      url: c.database.url,
      schema: c.schema,
      poolSize: c.database.poolSize,
      entities: d.entities,
      migrations: d.migrations,
    });
    return {
      module: PlatformModule,
      imports: [
        configModule,
        TypeOrmModule.forRootAsync({
          imports: [configModule],
          inject: [COMMON_CONFIG],
          useFactory: (c: CommonConfig) => dataSourceOptions(database(c)),
          dataSourceFactory: async (options) => createMigratedDataSource(fromOptions(options)),
        }),
        MessagingModule.forService({
          provide: MESSAGING_OPTIONS,
          useFactory: (c: CommonConfig) => messagingOptionsFrom(c),
          inject: [COMMON_CONFIG],
        }),
      ],
      controllers: [HealthController],
      providers: [
        {
          provide: METRICS_REGISTRY,
          useFactory: (c: CommonConfig) => {
            const registry = new Registry();
            registry.setDefaultLabels({ service: c.service });
            collectDefaultMetrics({ register: registry });
            return registry;
          },
          inject: [COMMON_CONFIG],
        },
        ReadinessRegistry,
        AppExceptionFilter,
        {
          provide: PlatformReadiness,
          useFactory: (r: ReadinessRegistry, ds: DataSource, es: KafkaEventServer) => new PlatformReadiness(r, ds, es),
          inject: [ReadinessRegistry, getDataSourceToken(), KafkaEventServer],
        },
      ],
      exports: [configModule, METRICS_REGISTRY, ReadinessRegistry, AppExceptionFilter, MessagingModule],
    };
  }
}

/** Recovers the migration definition from the options built by `dataSourceOptions`. */
function fromOptions(options?: DataSourceOptions) {
  const o = options as DataSourceOptions & { url: string; schema: string; extra: { max: number } };
  return {
    url: o.url,
    schema: o.schema,
    poolSize: o.extra.max,
    entities: o.entities ?? [],
    migrations: (o.migrations ?? []) as Function[],
  };
}
