import type { NestExpressApplication } from '@nestjs/platform-express';

/** OCSP requests arrive as raw DER (`application/ocsp-request`), beside the JSON body parser of every service. */
export function configureIssuerApp(app: NestExpressApplication): void {
  app.useBodyParser('raw', { type: 'application/ocsp-request', limit: '16kb' });
}
