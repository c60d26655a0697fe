/** An error with a machine-readable code and the HTTP status it maps to at the edge. */
export class DomainError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const badRequest = (code: string, message: string) => new DomainError(400, code, message);
export const notFound = (code: string, message: string) => new DomainError(404, code, message);
export const conflict = (code: string, message: string) => new DomainError(409, code, message);
export const unprocessable = (code: string, message: string) => new DomainError(422, code, message);
export const unavailable = (code: string, message: string) => new DomainError(503, code, message);

/** 401 and 403 refusals: the filter records each as an `api.refused` event. */
export class AuthRefusal extends DomainError {
  constructor(status: 401 | 403, code: string, message: string) {
    super(status, code, message);
    this.name = 'AuthRefusal';
  }
}

export interface ErrorBody {
  error: { code: string; message: string };
}
