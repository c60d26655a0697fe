import { DomainError } from '@paspoort/service-kit';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { Logger } from '@nestjs/common';
import { errorPage } from '../portal/portal-pages';

const log = new Logger('TlsListener');

/** Wraps an async handler so its rejection reaches the error middleware. */
export function handle(fn: (req: Request, res: Response) => Promise<void>): RequestHandler {
  return (req, res, next) => void fn(req, res).catch(next);
}

/** Every error as DESIGN.md's envelope, or as a readable page when a browser asked for HTML. */
export function errorEdge(error: unknown, req: Request, res: Response, _next: NextFunction): void {
  const [status, code, message] =
    error instanceof DomainError
      ? [error.status, error.code, error.message]
      : (bodyError(error) ?? [500, 'INTERNAL_ERROR', 'an internal error occurred']);
  if (status >= 500 && status !== 503) log.error(`${req.method} ${req.path}: ${(error as Error)?.stack ?? String(error)}`);
  if (res.headersSent) return void res.end();
  if (wantsHtml(req)) res.status(status).type('html').send(errorPage(code, message));
  else res.status(status).json({ error: { code, message } });
}

export function wantsHtml(req: Request): boolean {
  return (
    req.is('application/x-www-form-urlencoded') === 'application/x-www-form-urlencoded' ||
    (req.method === 'GET' && (req.headers.accept ?? '').includes('text/html'))
  );
}

function bodyError(error: unknown): [number, string, string] | undefined {
  const e = error as { type?: string };
  if (e?.type === 'entity.parse.failed') return [400, 'MALFORMED_JSON', 'the request body is not valid JSON'];
  if (e?.type === 'entity.too.large') return [413, 'PAYLOAD_TOO_LARGE', 'the request body is too large'];
  return undefined;
}
