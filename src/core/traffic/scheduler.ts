/**
 * The one process-wide scheduler of upstream calls. Invariants:
 * - at most `maxInFlight` calls are in flight in all, and at most a principal's own `limit` of its
 *   calls; a principal's limit never exceeds `maxInFlight`;
 * - waiting calls are served round-robin across principals, FIFO within one: a tenant's heavy report
 *   cannot starve another tenant's small query;
 * - each principal's limit adapts to what the upstream tells about *its* calls (additive increase,
 *   multiplicative decrease): a 429 halves it, never leaving it above the calls the upstream is still
 *   serving for it; a latency far above the upstream's usual (learned from every call) halves it once
 *   per round; each success grows it by 1/limit, about one per round trip;
 * - after a 429 with Retry-After, nothing more of that principal is sent until that time has passed;
 *   other principals go on. The upstream limits and slows tenants one by one, so one company's
 *   trouble stays its own;
 * - a call still waiting when its operation's deadline passes is refused, never sent;
 * - background calls (subscription polls) run only while no interactive call waits, and hold at most
 *   half of the process-wide slots, so a burst of polls never delays a person's query.
 * Time spent waiting here is not part of a call's timeout (the client's timer starts when it is sent).
 */
import { deadlineExceeded, UpstreamError } from '../errors';
import { statusPolicyOf } from '../status-policy';

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

/** One principal's calls: its queue, its adaptive limit, its pause. */
interface Lane {
  queue: Waiter[];
  inFlight: number;
  limit: number;
  pausedUntil: number;
  /** Increases with every decrease, so one slow round halves the limit once. */
  epoch: number;
}

/** A latency this many times the baseline (and LATENCY_SLACK_MS above it) counts as congestion. */
const LATENCY_FACTOR = 4;
const LATENCY_SLACK_MS = 50;
/** Idle principals whose limit has not recovered are remembered up to this many; then forgotten. */
const MAX_IDLE_LANES = 10_000;

export interface SchedulerSnapshot {
  inFlight: number;
  /** The principal's limit; without one, the lowest of any principal's (maxInFlight when all are at it). */
  limit: number;
  waiting: number;
  peakInFlight: number;
}

export class UpstreamScheduler {
  private inFlight = 0;
  private peakInFlight = 0;
  private waiting = 0;
  private baselineMs: number | undefined;
  private readonly lanes = new Map<string, Lane>();
  /** Principals with waiting calls, in round-robin order (a served one moves last). */
  private readonly turns = new Map<string, Lane>();
  private pauseTimer: NodeJS.Timeout | undefined;
  private pauseTimerAt = 0;
  /** Background calls waiting, first come first served, after every interactive one. */
  private readonly background: Array<{ lane: Lane; principal: string; waiter: Waiter }> = [];
  private backgroundInFlight = 0;

  constructor(private readonly options: SchedulerOptions) {}

  snapshot(principal?: string): SchedulerSnapshot {
    const limits =
      principal === undefined
        ? [...this.lanes.values()].map((lane) => lane.limit)
        : [this.lanes.get(principal)?.limit ?? this.options.maxInFlight];
    const limit = Math.floor(Math.min(this.options.maxInFlight, ...limits));
    return { inFlight: this.inFlight, limit, waiting: this.waiting, peakInFlight: this.peakInFlight };
  }

  /**
   * Runs `task` when a slot is free and it is `principal`'s turn; refuses it if `deadlineAt` passes
   * first. `background`: after every interactive call, within half of the slots.
   */
  run<T>(principal: string, endpoint: string, deadlineAt: number, task: () => Promise<T>, background = false): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const remaining = deadlineAt - Date.now();
      if (remaining <= 0) return reject(deadlineExceeded(endpoint, this.options.deadlineMs));
      const lane = this.laneOf(principal);
      const waiter: Waiter = {
        start: () => {
          const epoch = lane.epoch;
          const started = performance.now();
          if (background) this.backgroundInFlight += 1;
          const settle = (error: unknown) => {
            if (background) this.backgroundInFlight -= 1;
            this.finished(principal, lane, epoch, performance.now() - started, error);
          };
          task().then(
            (value) => {
              settle(undefined);
              resolve(value);
            },
            (error: unknown) => {
              settle(error);
              reject(error);
            },
          );
        },
        refuse: reject,
      };
      if (background) {
        if (!this.waiting && this.mayStartBackground(lane, Date.now())) return this.start(lane, waiter);
        const entry = { lane, principal, waiter };
        waiter.timer = setTimeout(() => {
          const index = this.background.indexOf(entry);
          if (index >= 0) this.background.splice(index, 1);
          this.forgetIfIdle(principal, lane);
          reject(deadlineExceeded(endpoint, this.options.deadlineMs));
        }, remaining);
        this.background.push(entry);
        return;
      }
      // The common case: nothing of this principal waiting and a free slot. No queue, no timer.
      if (!lane.queue.length && this.mayStart(lane, Date.now())) return this.start(lane, waiter);
      waiter.timer = setTimeout(() => this.expire(principal, lane, waiter, deadlineExceeded(endpoint, this.options.deadlineMs)), remaining);
      lane.queue.push(waiter);
      if (!this.turns.has(principal)) this.turns.set(principal, lane);
      this.waiting += 1;
      this.dispatch();
    });
  }

  private laneOf(principal: string): Lane {
    let lane = this.lanes.get(principal);
    if (!lane) {
      lane = { queue: [], inFlight: 0, limit: this.options.maxInFlight, pausedUntil: 0, epoch: 0 };
      this.lanes.set(principal, lane);
    }
    return lane;
  }

  private mayStartBackground(lane: Lane, now: number): boolean {
    return this.backgroundInFlight < Math.max(1, Math.floor(this.options.maxInFlight / 2)) && this.mayStart(lane, now);
  }

  private mayStart(lane: Lane, now: number): boolean {
    return this.inFlight < this.options.maxInFlight && lane.inFlight < Math.floor(lane.limit) && now >= lane.pausedUntil;
  }

  private start(lane: Lane, waiter: Waiter): void {
    this.inFlight += 1;
    lane.inFlight += 1;
    this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
    waiter.start();
  }

  /** Starts waiting calls, one principal at a time in turn, while slots are free; wakes up when a pause ends. */
  private dispatch(): void {
    const now = Date.now();
    let nextPauseEnd = Infinity;
    let served = true;
    while (served && this.inFlight < this.options.maxInFlight && this.waiting > 0) {
      served = false;
      for (const [principal, lane] of this.turns) {
        if (!this.mayStart(lane, now)) {
          if (lane.pausedUntil > now) nextPauseEnd = Math.min(nextPauseEnd, lane.pausedUntil);
          continue;
        }
        const waiter = lane.queue.shift()!;
        this.turns.delete(principal);
        if (lane.queue.length) this.turns.set(principal, lane);
        this.waiting -= 1;
        clearTimeout(waiter.timer);
        this.start(lane, waiter);
        served = true;
        break;
      }
    }
    // Background calls only once no interactive call waits.
    for (let index = 0; !this.waiting && index < this.background.length;) {
      const { lane, waiter } = this.background[index];
      if (!this.mayStartBackground(lane, now)) {
        if (lane.pausedUntil > now) nextPauseEnd = Math.min(nextPauseEnd, lane.pausedUntil);
        index += 1;
        continue;
      }
      this.background.splice(index, 1);
      clearTimeout(waiter.timer);
      this.start(lane, waiter);
    }
    if (nextPauseEnd !== Infinity && (!this.pauseTimer || nextPauseEnd < this.pauseTimerAt)) {
      clearTimeout(this.pauseTimer);
      this.pauseTimerAt = nextPauseEnd;
      this.pauseTimer = setTimeout(() => {
        this.pauseTimer = undefined;
        this.dispatch();
      }, nextPauseEnd - now);
      // The waiting calls' own deadline timers keep the process alive while it matters.
      this.pauseTimer.unref();
    }
  }

  private finished(principal: string, lane: Lane, epoch: number, latencyMs: number, error: unknown): void {
    this.inFlight -= 1;
    lane.inFlight -= 1;
    if (error instanceof UpstreamError && statusPolicyOf(error.failure).slowsDown) {
      lane.limit = Math.max(1, Math.min(lane.limit / 2, lane.inFlight));
      lane.epoch += 1;
      const retryAfterMs = error.failure.retryAfterMs;
      if (retryAfterMs) lane.pausedUntil = Math.max(lane.pausedUntil, Date.now() + retryAfterMs);
    } else if (error === undefined) {
      if (this.isCongested(latencyMs)) this.decreaseOnce(lane, epoch);
      else lane.limit = Math.min(this.options.maxInFlight, lane.limit + 1 / lane.limit);
    }
    this.forgetIfIdle(principal, lane);
    this.dispatch();
  }

  /** Tracks the upstream's usual latency over every principal's calls (follows drops at once, rises slowly). */
  private isCongested(latencyMs: number): boolean {
    const baseline = this.baselineMs ?? latencyMs;
    this.baselineMs = Math.min(latencyMs, baseline + (latencyMs - baseline) * 0.01);
    return latencyMs > baseline * LATENCY_FACTOR + LATENCY_SLACK_MS;
  }

  /** Halves the principal's limit, once per epoch: calls sent before the last decrease do not count again. */
  private decreaseOnce(lane: Lane, epoch: number): void {
    if (epoch !== lane.epoch) return;
    lane.epoch += 1;
    lane.limit = Math.max(1, lane.limit / 2);
  }

  /** An idle principal at full limit and unpaused is the default: no need to remember it. */
  private forgetIfIdle(principal: string, lane: Lane): void {
    if (lane.inFlight || lane.queue.length || this.background.some((entry) => entry.lane === lane)) return;
    const recovered = lane.limit >= this.options.maxInFlight && lane.pausedUntil <= Date.now();
    if (recovered || this.lanes.size > MAX_IDLE_LANES) this.lanes.delete(principal);
  }

  private expire(principal: string, lane: Lane, waiter: Waiter, error: Error): void {
    const index = lane.queue.indexOf(waiter);
    if (index < 0) return;
    lane.queue.splice(index, 1);
    if (!lane.queue.length) this.turns.delete(principal);
    this.waiting -= 1;
    this.forgetIfIdle(principal, lane);
    waiter.refuse(error);
  }
}
