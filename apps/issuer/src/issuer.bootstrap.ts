import type { NestExpressApplication } from '@nestjs/platform-express';
import { buildOcspError } from '@paspoort/pki';
import type { ServiceBootOptions } from '@paspoort/service-kit';
import type { NextFunction, Request, Response } from 'express';

/**
 * OCSP requests arrive as raw DER (`application/ocsp-request`), beside the JSON body parser of every service. An
 * OCSP client gets an OCSP answer to a body it cannot send: RFC 6960 `malformedRequest`, not a JSON 413.
 */
export function configureIssuerApp(app: NestExpressApplication): void {
  app.useBodyParser('raw', { type: 'application/ocsp-request', limit: '16kb' });
  app.use('/ocsp', ocspBodyRefusal);
}

function ocspBodyRefusal(error: unknown, request: Request, response: Response, next: NextFunction): void {
  if (!request.is('application/ocsp-request') || !(error as { status?: number }).status) return next(error);
  response.status(200).type('application/ocsp-response').setHeader('Cache-Control', 'no-store');
  response.end(buildOcspError('malformedRequest'));
}

/** How the issuer boots: used by main.ts and by the OpenAPI generator, so /docs and docs/openapi agree. */
export const ISSUER_BOOT: ServiceBootOptions = { title: 'Paspoort issuer', configure: configureIssuerApp };
