import { ConsoleLogger, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { createKafka, ensureTopics, KafkaEventServer, MESSAGING_OPTIONS, type MessagingOptions } from '@paspoort/messaging';
import { ConfigError, type CommonConfig } from './config';
import { AppExceptionFilter } from './exception-filter';
import { buildOpenApiDocument } from './openapi';
import { COMMON_CONFIG } from './tokens';

export interface ServiceBootOptions {
  title: string;
  /** Extra setup on the app before it listens (body parsers, listeners, refusal recording). */
  configure?: (app: NestExpressApplication) => void | Promise<void>;
  /** Listen on the configured port (default true; tests pass false and use supertest). */
  listen?: boolean;
}

/** Creates, wires and starts a hybrid (HTTP + Kafka) service. Shared by main.ts and the tests. */
export async function createService(module: Type<unknown>, boot: ServiceBootOptions): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(module, {
    bodyParser: false,
    logger: new ConsoleLogger({ json: true, logLevels: logLevels() }),
    abortOnError: false,
  });
  const config = app.get<CommonConfig>(COMMON_CONFIG);
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.useBodyParser('json', { limit: config.bodyLimit });
  app.useGlobalFilters(app.get(AppExceptionFilter));
  await boot.configure?.(app);
  SwaggerModule.setup('docs', app, buildOpenApiDocument(app, boot.title));
  app.enableShutdownHooks();
  const messaging = app.get<MessagingOptions>(MESSAGING_OPTIONS);
  await ensureTopics(createKafka(messaging, 'admin'), messaging.topicPrefix, messaging.partitions);
  app.connectMicroservice({ strategy: app.get(KafkaEventServer) }, { inheritAppConfig: false });
  await app.startAllMicroservices();
  if (boot.listen ?? true) await app.listen(config.port, config.host);
  else await app.init();
  return app;
}

/** main.ts entry: a bad config or a failed start exits non-zero with a message that names the problem. */
export async function runService(module: Type<unknown>, boot: ServiceBootOptions): Promise<INestApplication> {
  try {
    const app = await createService(module, boot);
    const config = app.get<CommonConfig>(COMMON_CONFIG);
    new ConsoleLogger({ json: true }).log(`${config.service} listening on http://${config.host}:${config.port}`, 'Bootstrap');
    return app;
  } catch (error) {
    const message = error instanceof ConfigError ? error.message : `failed to start: ${(error as Error)?.message ?? String(error)}`;
    process.stderr.write(`${boot.title}: ${message}\n`);
    process.exit(1);
  }
}

function logLevels(): ('log' | 'error' | 'warn' | 'debug' | 'verbose' | 'fatal')[] {
  const level = process.env.LOG_LEVEL ?? 'log';
  const order = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const;
  const index = order.indexOf(level as (typeof order)[number]);
  return order.slice(0, index < 0 ? 4 : index + 1) as unknown as ('log' | 'error' | 'warn' | 'debug' | 'verbose' | 'fatal')[];
}
