import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { isTransientError } from '@paspoort/messaging';
import { AuthRefusal, DomainError, type ErrorBody } from './domain-error';

const STATUS_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE',
  429: 'TOO_MANY_REQUESTS',
  503: 'SERVICE_UNAVAILABLE',
};

export type RefusalListener = (request: Request, refusal: AuthRefusal) => Promise<void>;

/** Maps every error to DESIGN.md's `{ error: { code, message } }`; 401/403 are reported to the refusal listener. */
@Catch()
export class AppExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');
  private refusalListener?: RefusalListener;

  onRefusal(listener: RefusalListener): void {
    this.refusalListener = listener;
  }

  async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    if (host.getType() !== 'http') throw exception;
    const request = host.switchToHttp().getRequest<Request>();
    const response = host.switchToHttp().getResponse<Response>();
    const [status, body] = this.toBody(exception);
    if (exception instanceof AuthRefusal && this.refusalListener) {
      await this.refusalListener(request, exception).catch((e: unknown) =>
        this.logger.error(`recording a refusal failed: ${(e as Error).message}`),
      );
    }
    if (status >= 500 && status !== 503)
      this.logger.error(`${request.method} ${request.path}: ${(exception as Error)?.stack ?? String(exception)}`);
    if (!response.headersSent) response.status(status).json(body);
    else response.end();
  }

  private toBody(exception: unknown): [number, ErrorBody] {
    if (exception instanceof DomainError) return [exception.status, envelope(exception.code, exception.message)];
    if (exception instanceof HttpException) return fromHttpException(exception);
    const bodyParser = exception as { type?: string; status?: number; message?: string };
    if (bodyParser?.type === 'entity.too.large') return [413, envelope('PAYLOAD_TOO_LARGE', 'the request body is too large')];
    if (bodyParser?.type === 'entity.parse.failed') return [400, envelope('MALFORMED_JSON', 'the request body is not valid JSON')];
    if (typeof bodyParser?.status === 'number' && bodyParser.status >= 400 && bodyParser.status < 500) {
      return [bodyParser.status, envelope(STATUS_CODES[bodyParser.status] ?? 'BAD_REQUEST', bodyParser.message ?? 'bad request')];
    }
    if (isTransientError(exception)) return [503, envelope('SERVICE_UNAVAILABLE', 'a dependency is unavailable; try again shortly')];
    return [500, envelope('INTERNAL_ERROR', 'an internal error occurred')];
  }
}

function fromHttpException(e: HttpException): [number, ErrorBody] {
  const status = e.getStatus();
  const response = e.getResponse() as { error?: { code?: string; message?: string }; message?: unknown };
  if (response && typeof response === 'object' && response.error && typeof response.error === 'object' && response.error.code) {
    return [status, envelope(response.error.code, response.error.message ?? e.message)];
  }
  const message = typeof response?.message === 'string' ? response.message : e.message;
  const code = status === 404 ? 'ROUTE_NOT_FOUND' : (STATUS_CODES[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST'));
  return [status, envelope(code, message)];
}

function envelope(code: string, message: string): ErrorBody {
  return { error: { code, message } };
}
