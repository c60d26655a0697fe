/** Source of the current instant; injected so tests pin time instead of sleeping. */
export interface Clock {
  now(): Date;
}

export const IPREGISTRY_CLOCK = Symbol('IPREGISTRY_CLOCK');

export const systemClock: Clock = { now: () => new Date() };
