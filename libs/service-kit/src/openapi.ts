import type { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { ServiceBootOptions } from './bootstrap';

/** The OpenAPI document a service serves at `/docs` (JSON at `/docs-json`) and commits under docs/openapi. */
export function buildOpenApiDocument(app: INestApplication, title: string): OpenAPIObject {
  return SwaggerModule.createDocument(app, new DocumentBuilder().setTitle(title).addBearerAuth().build());
}

/**
 * The same document without starting the service: Nest's preview mode resolves the module graph but instantiates
 * no provider, so no config is read and nothing connects to Postgres or Kafka. `configure` still runs, because
 * app-level settings it makes (a global prefix, versioning) change the paths; it must not need a provider instance.
 */
export async function previewOpenApiDocument(module: Type<unknown>, boot: ServiceBootOptions): Promise<OpenAPIObject> {
  const app = await NestFactory.create<NestExpressApplication>(module, {
    preview: true,
    logger: false,
    abortOnError: false,
    bodyParser: false,
  });
  try {
    await boot.configure?.(app);
    return buildOpenApiDocument(app, boot.title);
  } finally {
    await app.close();
  }
}
