/**
 * A retry budget, as Finagle and Envoy keep one: over a sliding window, retries may be at most a fixed
 * share of the calls made (plus a small floor, so a quiet gateway can still retry). When the upstream
 * is sick every call fails, the budget runs out, and the gateway stops multiplying its load: a retry
 * storm is impossible by construction. Process-wide: it protects the upstream, not one request.
 */
import type { Clock } from '../clock';

export interface RetryBudgetOptions {
  /** Retries allowed per call made in the window, e.g. 0.2. */
  ratio: number;
  /** Retries always allowed per second, whatever the traffic. */
  minPerSecond: number;
  windowMs: number;
  clock: Clock;
}

/** One-second buckets: cheap to keep, precise enough for a 10-second window. */
const BUCKET_MS = 1000;

export class RetryBudget {
  private readonly buckets: Array<{ start: number; calls: number; retries: number }> = [];

  constructor(private readonly options: RetryBudgetOptions) {}

  /** Every call sent upstream, first attempts and retries alike. */
  recordCall(): void {
    this.current().calls += 1;
  }

  /** Takes one retry from the budget if there is one left; false means: do not retry. */
  tryRetry(): boolean {
    const { calls, retries } = this.totals();
    const allowed = Math.max(this.options.minPerSecond * (this.options.windowMs / 1000), this.options.ratio * calls);
    if (retries + 1 > allowed) return false;
    this.current().retries += 1;
    return true;
  }

  private current() {
    const now = this.options.clock.now();
    const start = now - (now % BUCKET_MS);
    const last = this.buckets[this.buckets.length - 1];
    if (last?.start === start) return last;
    const bucket = { start, calls: 0, retries: 0 };
    this.buckets.push(bucket);
    return bucket;
  }

  private totals(): { calls: number; retries: number } {
    const since = this.options.clock.now() - this.options.windowMs;
    while (this.buckets.length && this.buckets[0].start + BUCKET_MS <= since) this.buckets.shift();
    return this.buckets.reduce((sum, bucket) => ({ calls: sum.calls + bucket.calls, retries: sum.retries + bucket.retries }), {
      calls: 0,
      retries: 0,
    });
  }
}
