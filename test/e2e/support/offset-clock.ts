/** The real clock moved forward by hand (a TOTP step is 30 s; tests move the clock instead of sleeping). */
export class OffsetClock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
