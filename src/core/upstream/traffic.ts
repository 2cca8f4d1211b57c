/**
 * The one traffic policy between the sessions and the HTTP client, shared by the whole process:
 * every call goes through its endpoint's circuit breaker and the fair, adaptive scheduler; a read is
 * retried (cockatiel, exponential backoff with jitter, or the upstream's Retry-After) when the status
 * policy says so (../status-policy.ts), at most `retries` times (or its endpoint's own), while the
 * retry budget lasts and never past the operation's deadline. A write is sent at most once.
 */
import { ExponentialBackoff, handleWhen, retry, type IBackoff, type IBackoffFactory, type IRetryBackoffContext } from 'cockatiel';
import { systemClock } from '../clock';
import { deadlineExceeded, upstreamBudgetExceeded, UpstreamError } from '../errors';
import { statusPolicyOf } from '../status-policy';
import type { UpstreamClient } from '../http/upstream-client';
import type { UpstreamRequest } from '../http/upstream-request';
import type { Logger } from '../logger';
import { EndpointBreakers } from '../traffic/breakers';
import { RetryBudget } from '../traffic/retry-budget';
import { UpstreamScheduler } from '../traffic/scheduler';
import { inUpstreamSpan } from '../traffic/upstream-span';

export interface TrafficSettings {
  /** Retries of a failed read, at most (UPSTREAM_RETRIES). */
  retries: number;
  /** Retries as a share of recent calls, process-wide (UPSTREAM_RETRY_BUDGET_PERCENT / 100). */
  retryBudgetRatio: number;
  /** Calls in flight to the upstream from the whole process (UPSTREAM_MAX_IN_FLIGHT). */
  maxInFlight: number;
  /** Consecutive failures that open an endpoint's breaker (UPSTREAM_BREAKER_FAILURES). */
  breakerFailures: number;
  /** How long an open breaker waits before letting a probe through (UPSTREAM_BREAKER_HALF_OPEN_MS). */
  breakerHalfOpenMs: number;
  /** A GraphQL operation's whole budget of time for upstream calls (GATEWAY_DEADLINE_MS). */
  deadlineMs: number;
  /** A GraphQL operation's budget of upstream calls, retries included (MAX_UPSTREAM_CALLS). */
  maxCallsPerOperation: number;
}

/**
 * Defaults, each the reason for its value: 4 retries let a report of 140 reads survive a 10% failure
 * rate (0.1^5 per read: 999 reports in 1,000 complete; 3 retries gave 98.5%), the budget of 20% (Finagle's) keeps a sick upstream from seeing more than 1.2x
 * its load, 128 calls in flight fit the client's 256 sockets, 5 consecutive failures are not a blip,
 * a probe a second finds a recovered upstream within a second, 30 s is what a person waits, and 300
 * calls are twice the largest shipped report (the example campaign's recovery report: 140 calls, 155
 * with retries at a 10% failure rate).
 */
export const DEFAULT_TRAFFIC: TrafficSettings = {
  retries: 4,
  retryBudgetRatio: 0.2,
  maxInFlight: 128,
  breakerFailures: 5,
  breakerHalfOpenMs: 1_000,
  deadlineMs: 30_000,
  maxCallsPerOperation: 300,
};

/** What one GraphQL operation brings to each of its calls. */
export interface CallScope {
  /** Whose turn it is in the scheduler; anonymous calls share one queue. */
  principal: string | null;
  /** A subscription's poll: after every interactive call (core/traffic/scheduler.ts). */
  background?: boolean;
  deadlineAt: number;
  /** Calls this operation may still ask for (MAX_UPSTREAM_CALLS); each call, retries included, takes one. */
  takeCall(): boolean;
  /** Counts each call sent, each retry, each read a retry saved and each read that failed for good. */
  onSend(): void;
  onRetry(): void;
  onRecovered(): void;
  onFailed(): void;
}

/** What the traffic layer reports for metrics (observability/metrics.ts); absent: nothing is reported. */
export interface TrafficObserver {
  /** `status`: the HTTP code, or `timeout` / `network`. */
  call(endpoint: string, status: string, seconds: number): void;
  retry(): void;
}

/** A read is retried as the policy says; a write is sent at most once. */
export interface UpstreamCalls {
  read<T>(request: UpstreamRequest, token: string | undefined): Promise<{ body: T; bytes: number }>;
  write<T>(request: UpstreamRequest, token: string | undefined): Promise<{ body: T; bytes: number }>;
}

/** Failures of a read's last attempt under its endpoint's own retry policy. */
const lastAttempts = new WeakSet<Error>();

/** Retries: the first after about 100 ms, none more than 2 s apart (unless Retry-After says more). */
const BACKOFF = { initialDelay: 100, maxDelay: 2_000 };
const BUDGET_WINDOW_MS = 10_000;
/** Retries a quiet gateway may always make (per second), whatever its traffic. */
const BUDGET_FLOOR_PER_SECOND = 1;

export function isRetryableRead(error: unknown): error is UpstreamError {
  return error instanceof UpstreamError && statusPolicyOf(error.failure).retry;
}

export class UpstreamTraffic {
  readonly scheduler: UpstreamScheduler;
  readonly breakers: EndpointBreakers;
  private readonly budget: RetryBudget;

  constructor(
    private readonly client: UpstreamClient,
    readonly settings: TrafficSettings,
    logger: Logger,
    private readonly observer?: TrafficObserver,
  ) {
    this.scheduler = new UpstreamScheduler({ maxInFlight: settings.maxInFlight, deadlineMs: settings.deadlineMs });
    this.breakers = new EndpointBreakers({ failures: settings.breakerFailures, halfOpenAfterMs: settings.breakerHalfOpenMs, logger });
    this.budget = new RetryBudget({
      ratio: settings.retryBudgetRatio,
      minPerSecond: BUDGET_FLOOR_PER_SECOND,
      windowMs: BUDGET_WINDOW_MS,
      clock: systemClock,
    });
  }

  /** One operation's reads and writes, sharing one retry policy (built once per GraphQL request). */
  callsFor(scope: CallScope): UpstreamCalls {
    const policy = retry(
      handleWhen((error) => this.mayRetry(error, scope)),
      { maxAttempts: this.settings.retries, backoff: new RetryAfterBackoff(new ExponentialBackoff(BACKOFF)) },
    );
    policy.onRetry(() => {
      scope.onRetry();
      this.observer?.retry();
    });
    return {
      read: <T>(request: UpstreamRequest, token: string | undefined) =>
        policy
          .execute(({ attempt }) =>
            this.send<T>(request, token, scope, attempt).then(
              (answer) => {
                if (attempt > 0) scope.onRecovered();
                return answer;
              },
              (error: unknown) => {
                // The endpoint's own retry policy, below the process-wide one.
                if (request.retries !== undefined && attempt >= request.retries && error instanceof Error) lastAttempts.add(error);
                throw error;
              },
            ),
          )
          .catch((error: unknown) => {
            scope.onFailed();
            throw error;
          }),
      write: <T>(request: UpstreamRequest, token: string | undefined) => this.send<T>(request, token, scope, 0),
    };
  }

  private send<T>(
    request: UpstreamRequest,
    token: string | undefined,
    scope: CallScope,
    attempt: number,
  ): Promise<{ body: T; bytes: number }> {
    if (Date.now() >= scope.deadlineAt) return Promise.reject(deadlineExceeded(request.endpoint, this.settings.deadlineMs));
    if (!scope.takeCall()) return Promise.reject(upstreamBudgetExceeded(request.endpoint, this.settings.maxCallsPerOperation));
    return this.breakers.execute(request.endpoint, () =>
      this.scheduler.run(
        scope.principal ?? '',
        request.endpoint,
        scope.deadlineAt,
        () => {
          scope.onSend();
          this.budget.recordCall();
          return inUpstreamSpan(request.endpoint, attempt, outcomeOf, () =>
            this.observed(request.endpoint, this.client.sendSized<T>(request, token)),
          );
        },
        scope.background,
      ),
    );
  }

  private observed<T>(endpoint: string, exchange: Promise<T>): Promise<T> {
    if (!this.observer) return exchange;
    const observer = this.observer;
    const started = performance.now();
    const report = (status: string) => observer.call(endpoint, status, (performance.now() - started) / 1000);
    return exchange.then(
      (answer) => (report('2xx'), answer),
      (error: unknown) => {
        report(outcomeOf(error));
        throw error;
      },
    );
  }

  /**
   * Retry only what may heal, only if the wait ends before the deadline, and only within the budget. A
   * 429 takes nothing from the budget: the upstream refused the call before doing any work, and the
   * scheduler holds every call until its Retry-After and shrinks the limit, so retrying it adds no load.
   */
  private mayRetry(error: unknown, scope: CallScope): boolean {
    if (!isRetryableRead(error) || lastAttempts.has(error)) return false;
    const wait = error.failure.retryAfterMs ?? 0;
    if (Date.now() + wait >= scope.deadlineAt) return false;
    return !statusPolicyOf(error.failure).spendsBudget || this.budget.tryRetry();
  }
}

/** A failed exchange as metrics and traces name it: its HTTP status, `timeout`, `network`, or `other`. */
function outcomeOf(error: unknown): string {
  const failure = error instanceof UpstreamError ? error.failure : undefined;
  return failure ? String(failure.status ?? failure.kind) : 'other';
}

/** Exponential backoff with jitter (cockatiel's), replaced by the upstream's Retry-After when it sent one. */
class RetryAfterBackoff implements IBackoffFactory<IRetryBackoffContext<unknown>> {
  constructor(private readonly base: IBackoffFactory<unknown>) {}

  next(context: IRetryBackoffContext<unknown>): IBackoff<IRetryBackoffContext<unknown>> {
    const base = this.base.next(context);
    const error = 'error' in context.result ? context.result.error : undefined;
    const retryAfterMs = error instanceof UpstreamError ? error.failure.retryAfterMs : undefined;
    return {
      duration: retryAfterMs ?? base.duration,
      next: (nextContext) => new RetryAfterBackoff(base).next(nextContext),
    };
  }
}
