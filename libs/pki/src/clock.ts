/** Source of the current instant; injected so that tests pin time instead of sleeping. */
export interface Clock {
  now(): Date;
}

/** The wall clock. */
export const systemClock: Clock = { now: () => new Date() };

/** A clock frozen at `instant` (tests, replays). */
export function fixedClock(instant: Date): Clock {
  return { now: () => new Date(instant.getTime()) };
}
