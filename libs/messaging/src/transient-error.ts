/**
 * Whether an error means "try again later" (a database or broker that is away) rather than "this input is bad".
 * Transient failures pause a consumer and turn readiness red; they never send a message to the DLQ.
 */
export function isTransientError(error: unknown): boolean {
  // Not `instanceof Error`: errors from Node's own modules can come from another realm (jest, vm contexts).
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { name?: string; message?: string; code?: string; driverError?: { code?: string } };
  const code = e.code ?? e.driverError?.code ?? '';
  if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND'].includes(code)) return true;
  // SQLSTATE classes 08 (connection), 53 (resources), 57 (operator intervention), 40001/40P01 (retry the txn).
  if (/^(08|53|57)/.test(code) || code === '40001' || code === '40P01' || code === '55P03') return true;
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|Connection lost|not queryable|KafkaJSConnectionError|KafkaJSNumberOfRetriesExceeded|KafkaJSRequestTimeoutError|KafkaJSNonRetriableError/i.test(
    `${e.name ?? ''} ${e.message ?? ''}`,
  );
}

/** Thrown by a consumer for a message it can never accept; the message goes to the DLQ. */
export class PoisonMessage extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PoisonMessage';
  }
}
