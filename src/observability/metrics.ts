/**
 * Prometheus metrics (prom-client), one registry per gateway, served at `GET /metrics`. Label values
 * are bounded in number, length and charset: endpoints are the declared ones, statuses are HTTP codes
 * or a failure kind; an operation is named only once it passed validation (a request refused before
 * that is `invalid`, whatever name it claims), only by a GraphQL name of at most 64 characters, and
 * past the trusted documents' names and MAX_OPERATION_NAMES others, as `other`. A client inventing a
 * name per request can neither grow the series nor push the shipped operations into `other`.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { SUBSCRIPTION_TRANSPORTS, type LiveCounts } from '../core/live/pollers';

const MAX_OPERATION_NAMES = 100;
const OPERATION_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,63}$/;

/** What an operation counts as: its name, `anonymous`, or `invalid` when it was refused before validation passed. */
export type OperationLabel = string | { anonymous: true } | { invalid: true };
const BREAKER_STATES: Record<string, number> = { closed: 0, open: 1, 'half-open': 2, isolated: 3 };

export interface MetricSources {
  breakerStates(): Record<string, string>;
  /** Subscription pollers and subscriptions here now (core/live/pollers.ts). */
  live(): LiveCounts;
  scheduler(): { inFlight: number; limit: number; waiting: number };
}

export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly operationNames = new Set<string>();
  private readonly knownOperationNames: ReadonlySet<string>;
  private readonly requests = new Counter({
    name: 'gateway_graphql_requests_total',
    help: 'GraphQL requests by operation and outcome (ok: no error; partial: data and errors; failed: no data)',
    labelNames: ['operation', 'outcome'],
    registers: [this.registry],
  });
  private readonly duration = new Histogram({
    name: 'gateway_graphql_request_duration_seconds',
    help: 'Time to answer a GraphQL request, by operation',
    labelNames: ['operation'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  private readonly upstreamCalls = new Counter({
    name: 'gateway_upstream_calls_total',
    help: 'Calls to the Unduit API by endpoint and status (an HTTP code, timeout or network)',
    labelNames: ['endpoint', 'status'],
    registers: [this.registry],
  });
  private readonly upstreamDuration = new Histogram({
    name: 'gateway_upstream_call_duration_seconds',
    help: 'Duration of one upstream exchange, by endpoint',
    labelNames: ['endpoint'],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly cache = new Counter({
    name: 'gateway_upstream_cache_total',
    help: 'Upstream reads answered by the shared cache (hit), by a stale entry because the upstream failed (stale), or not (miss)',
    labelNames: ['result'],
    registers: [this.registry],
  });
  private readonly livePolls = new Counter({
    name: 'gateway_live_polls_total',
    help: 'Subscription polls of a campaign by outcome (ok, failed), and the change events they found',
    labelNames: ['outcome'],
    registers: [this.registry],
  });
  private readonly liveEvents = new Counter({
    name: 'gateway_live_events_total',
    help: 'Changes found by subscription polls, each sent to every subscriber of its poller',
    registers: [this.registry],
  });
  private readonly liveExecutions = new Counter({
    name: 'gateway_live_executions_total',
    help: 'Subscription results resolved, each once for every identical subscription of a caller (over the deliveries: how much sharing saves)',
    registers: [this.registry],
  });
  private readonly livePollReads = new Counter({
    name: 'gateway_live_poll_reads_total',
    help: 'Upstream reads made by successful subscription polls (over gateway_live_events_total: the upstream reads per event)',
    registers: [this.registry],
  });
  private readonly retries = new Counter({
    name: 'gateway_upstream_retries_total',
    help: 'Upstream reads sent again after a failure',
    registers: [this.registry],
  });
  private readonly rateLimited = new Counter({
    name: 'gateway_rate_limited_total',
    help: 'Requests refused by a rate limit, by limit',
    labelNames: ['limit'],
    registers: [this.registry],
  });
  private readonly redisErrors = new Counter({
    name: 'gateway_redis_errors_total',
    help: 'Redis commands that failed (Redis down, slow or refusing); the gateway went on without the shared state',
    registers: [this.registry],
  });

  /** `knownOperations`: names always counted as themselves (the trusted documents' operations). */
  constructor(sources: MetricSources, knownOperations: Iterable<string> = []) {
    this.knownOperationNames = new Set(knownOperations);
    collectDefaultMetrics({ register: this.registry, prefix: 'gateway_' });
    new Gauge({
      name: 'gateway_upstream_breaker_state',
      help: 'Circuit breaker per upstream endpoint: 0 closed, 1 open, 2 half-open',
      labelNames: ['endpoint'],
      registers: [this.registry],
      collect() {
        for (const [endpoint, state] of Object.entries(sources.breakerStates())) this.set({ endpoint }, BREAKER_STATES[state] ?? -1);
      },
    });
    new Gauge({
      name: 'gateway_live_pollers',
      help: 'Subscription pollers with subscribers on this replica (kind="watching", one per caller and campaign), and those this replica polls the upstream for (kind="polling"; with Redis, the leases it holds)',
      labelNames: ['kind'],
      registers: [this.registry],
      collect() {
        const { pollers, polling } = sources.live();
        this.set({ kind: 'watching' }, pollers);
        this.set({ kind: 'polling' }, polling);
      },
    });
    new Gauge({
      name: 'gateway_live_subscriptions',
      help: 'Subscriptions open on this replica, by transport (websocket, sse, multipart)',
      labelNames: ['transport'],
      registers: [this.registry],
      collect() {
        const open = sources.live().subscriptions;
        for (const transport of SUBSCRIPTION_TRANSPORTS) this.set({ transport }, open[transport] ?? 0);
      },
    });
    new Gauge({
      name: 'gateway_upstream_in_flight',
      help: "Upstream calls in flight, the lowest principal's adaptive limit, and calls waiting for a slot",
      labelNames: ['kind'],
      registers: [this.registry],
      collect() {
        const { inFlight, limit, waiting } = sources.scheduler();
        this.set({ kind: 'in_flight' }, inFlight);
        this.set({ kind: 'limit' }, limit);
        this.set({ kind: 'waiting' }, waiting);
      },
    });
  }

  graphqlRequest(
    operation: OperationLabel,
    outcome: 'ok' | 'partial' | 'failed',
    seconds: number,
    upstream?: { requests: number; retries: number; cacheHits: number; stale: number },
  ): void {
    const name = this.boundedName(operation);
    this.requests.inc({ operation: name, outcome });
    this.duration.observe({ operation: name }, seconds);
    if (!upstream) return;
    this.cache.inc({ result: 'hit' }, upstream.cacheHits);
    this.cache.inc({ result: 'stale' }, upstream.stale);
    this.cache.inc({ result: 'miss' }, Math.max(0, upstream.requests - upstream.retries));
  }

  upstreamCall(endpoint: string, status: string, seconds: number): void {
    this.upstreamCalls.inc({ endpoint, status });
    this.upstreamDuration.observe({ endpoint }, seconds);
  }

  /** One subscription poll, the changes it found and the upstream reads it took (core/live/polling.ts). */
  livePoll({ ok, events, reads }: { ok: boolean; events: number; reads: number }): void {
    this.livePolls.inc({ outcome: ok ? 'ok' : 'failed' });
    if (events) this.liveEvents.inc(events);
    if (reads) this.livePollReads.inc(reads);
  }

  /** One subscription result resolved for every identical subscription of a caller (edge/shared-subscriptions.ts). */
  liveExecution(): void {
    this.liveExecutions.inc();
  }

  upstreamRetry(): void {
    this.retries.inc();
  }

  rateLimit(limit: string): void {
    this.rateLimited.inc({ limit });
  }

  redisError(): void {
    this.redisErrors.inc();
  }

  private boundedName(operation: OperationLabel): string {
    if (typeof operation !== 'string') return 'invalid' in operation ? 'invalid' : 'anonymous';
    if (this.knownOperationNames.has(operation) || this.operationNames.has(operation)) return operation;
    if (!OPERATION_NAME.test(operation)) return 'other';
    if (this.operationNames.size >= MAX_OPERATION_NAMES) return 'other';
    this.operationNames.add(operation);
    return operation;
  }
}
