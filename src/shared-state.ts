/**
 * What every request of one gateway shares, each piece bounded and keyed by principal where it holds
 * callers' data: the upstream client and its traffic policy, the GET cache, idempotency keys, what
 * the upstream said of clients' tokens, rate limits, and the metrics they report to. With a Redis URL
 * the pieces that must agree across replicas (cache, idempotency, token verdicts, rate limits, and
 * the persisted queries in server.ts) live in Redis, and so do the subscriptions' poller leases and
 * last-seen states (one poller for the fleet); the traffic policy stays per replica (it guards this
 * replica's own calls).
 */
import type { CacheConfig } from './config';
import { committedManifest } from './documents-emit';
import type { SharedState } from './context';
import { MemoryCacheStore, type CacheStore } from './core/cache/cache-store';
import { RedisCacheStore } from './core/cache/redis-cache-store';
import type { Clock } from './core/clock';
import { SharedGetCache } from './core/http/shared-get-cache';
import { UpstreamClient } from './core/http/upstream-client';
import { IdempotencyStore } from './core/idempotency';
import { DEFAULT_LIVE_LIMITS, DEFAULT_POLL_MS, LivePollers } from './core/live/pollers';
import { LocalPolling, type PollReport } from './core/live/polling';
import { RedisPolling } from './core/live/redis-polling';
import { ListPageCounts } from './core/loaders/list-scan';
import { RedisIdempotencyRecords } from './core/idempotency/redis-records';
import { DEFAULT_KEY_PREFIX, keyPrefixFor, RedisConnection } from './core/redis/redis-connection';
import { DEFAULT_TRAFFIC, UpstreamTraffic } from './core/upstream/traffic';
import { GatewayMetrics } from './observability/metrics';
import { ApiKeys } from './security/api-keys';
import type { AuthSettings } from './security/credentials';
import { DEFAULT_RATE_LIMITS, RateLimits } from './security/rate-limits';
import { ServiceAccount } from './security/service-account';
import { TokenVerdicts } from './security/token-verdicts';
import { operationNamesOf } from './security/trusted-documents';
import type { GatewayOptions } from './server';

export function createSharedState(
  options: GatewayOptions,
  clock: Clock,
): { shared: SharedState; auth: AuthSettings; metrics: GatewayMetrics; redis: RedisConnection | undefined } {
  const client = new UpstreamClient({ baseUrl: options.upstreamBaseUrl, timeoutMs: options.upstreamTimeoutMs });
  const auth: AuthSettings = {
    serviceAccount: options.serviceAccount ? new ServiceAccount(client, options.serviceAccount, clock) : undefined,
    apiKeys: new ApiKeys(options.apiKeys ?? []),
    allowAnonymous: options.allowAnonymous ?? false,
  };
  // The metrics read the traffic layer's state at scrape time (after it exists); the traffic layer reports each call.
  const trafficRef: { current?: UpstreamTraffic } = {};
  const liveRef: { current?: LivePollers } = {};
  const metrics = new GatewayMetrics(
    {
      breakerStates: () => trafficRef.current?.breakers.states() ?? {},
      scheduler: () => trafficRef.current?.scheduler.snapshot() ?? { inFlight: 0, limit: 0, waiting: 0 },
      live: () => liveRef.current?.counts() ?? { pollers: 0, polling: 0, subscriptions: {} },
    },
    operationNamesOf(options.trustedDocuments ?? committedManifest()),
  );
  const redis = options.redisUrl
    ? new RedisConnection(
        options.redisUrl,
        options.logger,
        keyPrefixFor(options.redisKeyPrefix ?? DEFAULT_KEY_PREFIX, options.upstreamBaseUrl),
        {
          error: () => metrics.redisError(),
        },
      )
    : undefined;
  const settings = { ...DEFAULT_TRAFFIC, ...options.traffic };
  const pollMs = options.subscriptionsPollMs ?? DEFAULT_POLL_MS;
  const report: PollReport = (poll) => metrics.livePoll(poll);
  const traffic = (trafficRef.current = new UpstreamTraffic(client, settings, options.logger, {
    call: (endpoint, status, seconds) => metrics.upstreamCall(endpoint, status, seconds),
    retry: () => metrics.upstreamRetry(),
  }));
  const shared: SharedState = {
    client,
    traffic,
    idempotency: new IdempotencyStore({ records: redis && new RedisIdempotencyRecords(redis), waitMs: settings.deadlineMs }),
    sharedCache:
      options.cache &&
      sharedCacheFor(
        options.cache,
        redis ? new RedisCacheStore(redis) : new MemoryCacheStore({ maxBytes: options.cache.maxBytes, clock }),
        clock,
      ),
    tokenVerdicts: new TokenVerdicts(redis),
    pageCounts: new ListPageCounts(),
    livePollers: (liveRef.current = new LivePollers(
      redis ? new RedisPolling(redis, pollMs, options.logger, report) : new LocalPolling(pollMs, options.logger, report),
      { ...DEFAULT_LIVE_LIMITS, ...options.subscriptionLimits },
    )),
    rateLimits: new RateLimits({ ...DEFAULT_RATE_LIMITS, ...options.rateLimits }, (limit) => metrics.rateLimit(limit), redis),
  };
  return { shared, auth, metrics, redis };
}

function sharedCacheFor(config: CacheConfig, store: CacheStore, clock: Clock): SharedGetCache {
  return new SharedGetCache({
    store,
    ttlMsFor: (endpoint) => config.ttlMs[endpoint] ?? 0,
    staleIfErrorMs: config.staleIfErrorMs,
    clock,
  });
}
