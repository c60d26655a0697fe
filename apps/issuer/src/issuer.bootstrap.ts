import type { NestExpressApplication } from '@nestjs/platform-express';
import type { ServiceBootOptions } from '@paspoort/service-kit';

/** OCSP requests arrive as raw DER (`application/ocsp-request`), beside the JSON body parser of every service. */
export function configureIssuerApp(app: NestExpressApplication): void {
  app.useBodyParser('raw', { type: 'application/ocsp-request', limit: '16kb' });
}

/** How the issuer boots: used by main.ts and by the OpenAPI generator, so /docs and docs/openapi agree. */
export const ISSUER_BOOT: ServiceBootOptions = { title: 'Paspoort issuer', configure: configureIssuerApp };
