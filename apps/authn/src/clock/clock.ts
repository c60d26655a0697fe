/** Source of the current instant; injected so tests pin time instead of sleeping. */
export interface Clock {
  now(): Date;
}

export const AUTHN_CLOCK = Symbol('AUTHN_CLOCK');

export const systemClock: Clock = { now: () => new Date() };
