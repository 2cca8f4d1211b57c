/**
 * The one process-wide scheduler of upstream calls. Invariants:
 * - at most `limit` calls are in flight, and `limit` never exceeds `maxInFlight`;
 * - waiting calls are served round-robin across principals, FIFO within one: a tenant's heavy report
 *   cannot starve another tenant's small query;
 * - the limit adapts (additive increase, multiplicative decrease): each upstream 429 halves it, and
 *   never leaves it above the calls the upstream is still serving (so a burst of 429s lands near the
 *   upstream's real capacity); a latency far above the upstream's recent baseline halves it once per
 *   round; each success grows it by 1/limit, about one per round trip;
 * - after a 429 with Retry-After, nothing is sent until that time has passed;
 * - a call still waiting when its operation's deadline passes is refused, never sent.
 * Time spent waiting here is not part of a call's timeout (the client's timer starts when it is sent).
 */
import { deadlineExceeded, UpstreamError } from '../errors';

export interface SchedulerOptions {
  maxInFlight: number;
  /** The operation's deadline, for the message of a call refused while waiting. */
  deadlineMs: number;
}

interface Waiter {
  start(): void;
  refuse(error: Error): void;
  timer?: NodeJS.Timeout;
}

/** A latency this many times the baseline (and LATENCY_SLACK_MS above it) counts as congestion. */
const LATENCY_FACTOR = 4;
const LATENCY_SLACK_MS = 50;

export interface SchedulerSnapshot {
  inFlight: number;
  limit: number;
  waiting: number;
  peakInFlight: number;
}

export class UpstreamScheduler {
  private inFlight = 0;
  private peakInFlight = 0;
  private limit: number;
  private pausedUntil = 0;
  private pauseTimer: NodeJS.Timeout | undefined;
  /** Increases with every latency-driven decrease, so one slow round halves the limit once. */
  private epoch = 0;
  private baselineMs: number | undefined;
  /** Per principal, in round-robin order (a Map keeps insertion order; a served principal moves last). */
  private readonly queues = new Map<string, Waiter[]>();
  private waiting = 0;

  constructor(private readonly options: SchedulerOptions) {
    this.limit = options.maxInFlight;
  }

  snapshot(): SchedulerSnapshot {
    return { inFlight: this.inFlight, limit: Math.floor(this.limit), waiting: this.waiting, peakInFlight: this.peakInFlight };
  }

  /** Runs `task` when a slot is free and it is `principal`'s turn; refuses it if `deadlineAt` passes first. */
  run<T>(principal: string, endpoint: string, deadlineAt: number, task: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter = {
        start: () => {
          const epoch = this.epoch;
          const started = performance.now();
          task().then(
            (value) => {
              this.finished(epoch, performance.now() - started, undefined);
              resolve(value);
            },
            (error: unknown) => {
              this.finished(epoch, performance.now() - started, error);
              reject(error);
            },
          );
        },
        refuse: reject,
      };
      const remaining = deadlineAt - Date.now();
      if (remaining <= 0) return reject(deadlineExceeded(endpoint, this.options.deadlineMs));
      // The common case: a free slot and nobody waiting. No queue, no timer.
      if (this.waiting === 0 && this.inFlight < Math.floor(this.limit) && Date.now() >= this.pausedUntil) {
        this.inFlight += 1;
        this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
        return waiter.start();
      }
      waiter.timer = setTimeout(() => this.expire(principal, waiter, deadlineExceeded(endpoint, this.options.deadlineMs)), remaining);
      const queue = this.queues.get(principal);
      if (queue) queue.push(waiter);
      else this.queues.set(principal, [waiter]);
      this.waiting += 1;
      this.dispatch();
    });
  }

  private dispatch(): void {
    const now = Date.now();
    if (now < this.pausedUntil) {
      this.pauseTimer ??= setTimeout(() => {
        this.pauseTimer = undefined;
        this.dispatch();
      }, this.pausedUntil - now);
      return;
    }
    while (this.inFlight < Math.floor(this.limit) && this.waiting > 0) {
      const [principal, queue] = this.queues.entries().next().value as [string, Waiter[]];
      const waiter = queue.shift()!;
      this.queues.delete(principal);
      if (queue.length) this.queues.set(principal, queue);
      this.waiting -= 1;
      clearTimeout(waiter.timer);
      this.inFlight += 1;
      this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
      waiter.start();
    }
  }

  private finished(epoch: number, latencyMs: number, error: unknown): void {
    this.inFlight -= 1;
    const status = error instanceof UpstreamError ? error.failure.status : undefined;
    if (status === 429) {
      this.limit = Math.max(1, Math.min(this.limit / 2, this.inFlight));
      this.epoch += 1;
      const retryAfterMs = (error as UpstreamError).failure.retryAfterMs;
      if (retryAfterMs) this.pausedUntil = Math.max(this.pausedUntil, Date.now() + retryAfterMs);
    } else if (error === undefined) {
      if (this.isCongested(latencyMs)) this.decreaseOnce(epoch);
      else this.limit = Math.min(this.options.maxInFlight, this.limit + 1 / this.limit);
    }
    this.dispatch();
  }

  /** Tracks the upstream's usual latency (follows drops at once, rises slowly); true when far above it. */
  private isCongested(latencyMs: number): boolean {
    const baseline = this.baselineMs ?? latencyMs;
    this.baselineMs = Math.min(latencyMs, baseline + (latencyMs - baseline) * 0.01);
    return latencyMs > baseline * LATENCY_FACTOR + LATENCY_SLACK_MS;
  }

  /** Halves the limit, once per epoch: calls sent before the last decrease do not count again. */
  private decreaseOnce(epoch: number): void {
    if (epoch !== this.epoch) return;
    this.epoch += 1;
    this.limit = Math.max(1, this.limit / 2);
  }

  private expire(principal: string, waiter: Waiter, error: Error): void {
    const queue = this.queues.get(principal);
    const index = queue?.indexOf(waiter) ?? -1;
    if (!queue || index < 0) return;
    queue.splice(index, 1);
    if (!queue.length) this.queues.delete(principal);
    this.waiting -= 1;
    waiter.refuse(error);
  }
}
