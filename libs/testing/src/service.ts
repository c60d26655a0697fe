import type { Type } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createService, type ServiceBootOptions } from '@paspoort/service-kit';
import { randomBytes } from 'node:crypto';
import { testBrokers } from './kafka';

export const TEST_BOOTSTRAP_TOKEN = `test-bootstrap-${randomBytes(24).toString('hex')}`;

/** The environment a service under test reads: its own database, a unique topic prefix, the test broker. */
export function serviceTestEnv(
  opts: { databaseUrl: string; topicPrefix: string; brokers?: string[] },
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    DATABASE_URL: opts.databaseUrl,
    KAFKA_BROKERS: (opts.brokers ?? testBrokers()).join(','),
    PASPOORT_TOPIC_PREFIX: opts.topicPrefix,
    PASPOORT_INSTANCE_ID: `test-${randomBytes(3).toString('hex')}`,
    PASPOORT_BOOTSTRAP_TOKEN: TEST_BOOTSTRAP_TOKEN,
    PASPOORT_FRESHNESS_LIMIT_MS: '10000',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error',
    ...extra,
  };
}

/**
 * Boots a service in this process with the given environment (config is read while the app is created),
 * without listening on its configured port; use `app.getHttpServer()` with supertest.
 */
export async function startTestService(
  module: Type<unknown>,
  env: Record<string, string>,
  boot: Partial<ServiceBootOptions> = {},
): Promise<NestExpressApplication> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    return await createService(module, { title: 'test', listen: false, ...boot });
  } finally {
    for (const key of Object.keys(env)) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  }
}

/** Polls until `check` returns a value (not undefined/false) or the timeout passes. */
export async function eventually<T>(
  check: () => T | Promise<T>,
  { timeoutMs = 20000, intervalMs = 100 } = {},
): Promise<Exclude<NonNullable<T>, false>> {
  const until = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < until) {
    try {
      const value = await check();
      if (value !== undefined && value !== null && value !== false) return value as Exclude<NonNullable<T>, false>;
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`condition not met within ${timeoutMs} ms${lastError ? `: ${(lastError as Error).message}` : ''}`);
}
