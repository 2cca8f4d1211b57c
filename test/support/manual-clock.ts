import type { Clock } from '../../src/core/clock';

/** A clock tests move by hand, shared by the gateway and the simulator, so nobody sleeps. */
export class ManualClock implements Clock {
  private current = Date.now();

  now(): number {
    return this.current;
  }

  advance(ms: number): void {
    this.current += ms;
  }
}
