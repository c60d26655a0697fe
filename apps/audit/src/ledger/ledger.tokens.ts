/** The clock of the audit service (`{ now(): Date }`); tests pin it. */
export const AUDIT_CLOCK = Symbol('AUDIT_CLOCK');

export interface Clock {
  now(): Date;
}

/** Advisory-lock names of the ledger (one active writer; appends serialised across instances). */
export const ledgerLeaderLock = (schema: string) => `paspoort:ledger-writer:${schema}`;
export const ledgerAppendLock = (schema: string) => `paspoort:ledger-append:${schema}`;
