import { PkiError } from '@paspoort/pki';
import { badRequest, unprocessable, type DomainError } from '@paspoort/service-kit';

/** Input that cannot be read at all (400); everything else the CA core refuses is well-formed but unacceptable (422). */
const UNREADABLE = new Set(['CSR_MALFORMED', 'CSR_TOO_LARGE', 'HOLDER_INVALID', 'SERIAL_INVALID']);
const REFUSED = new Set([
  'CSR_SIGNATURE_INVALID',
  'CSR_KEY_UNSUPPORTED',
  'CSR_KEY_TOO_WEAK',
  'CSR_SIGNATURE_ALGORITHM_UNSUPPORTED',
  'VALIDITY_INVALID',
]);

/** Maps a CA-core error about the caller's input to its HTTP answer; anything else is rethrown (a 500). */
export function toHttpError(error: unknown): DomainError | unknown {
  if (!(error instanceof PkiError)) return error;
  if (UNREADABLE.has(error.code)) return badRequest(error.code, error.message);
  if (REFUSED.has(error.code)) return unprocessable(error.code, error.message);
  return error;
}

/** Runs `fn`, translating the caller's input errors of the CA core to HTTP answers. */
export async function withPkiErrorsMapped<T>(fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw toHttpError(error);
  }
}
