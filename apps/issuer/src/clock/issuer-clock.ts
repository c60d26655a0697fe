import { systemClock, type Clock } from '@paspoort/pki';

/** Injection token of the issuer's clock (tests pin it; production uses the wall clock). */
export const ISSUER_CLOCK = Symbol('ISSUER_CLOCK');

export { systemClock, type Clock };
