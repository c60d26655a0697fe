/** A clock a test sets and moves by hand; services take a `{ now(): Date }`. */
export class FixedClock {
  constructor(private current: Date = new Date('2026-11-29T12:00:00.000Z')) {}
  now(): Date {
    return new Date(this.current.getTime());
  }
  set(instant: Date | string): void {
    this.current = new Date(instant);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}
