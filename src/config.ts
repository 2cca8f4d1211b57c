/**
 * Environment -> typed, validated settings. The only reader of process.env. Each setting is declared
 * once in settings.ts (variable, range, default, reason, docs page); this assembles them into the
 * shape the gateway takes. A bad value, or an unknown variable with a gateway prefix, stops start-up
 * with one line naming the variable, before anything listens.
 */
import { apps as defaultApps } from './apps';
import type { LiveLimits } from './core/live/pollers';
import { endpointsOf, type UnduitApp } from './core/app';
import type { TrafficSettings } from './core/upstream/traffic';
import type { StaticLimits } from './core/graph/static-limits';
import type { ApiKeySetting } from './security/api-keys';
import type { RateLimitSettings } from './security/rate-limits';
import { ConfigError, refuseUnknownVariables, SETTINGS, wholeNumber, type Env } from './settings';

export { ConfigError };

export interface GatewayConfig {
  host: string;
  port: number;
  /** Unset: start the built-in simulator and sign in to it. */
  upstreamBaseUrl: string | undefined;
  serviceAccount: { email: string; password: string } | undefined;
  /** Keys the gateway's own clients present to use the service account, each with its own request limit if set. */
  apiKeys: ApiKeySetting[];
  /** Service account without API keys: anyone reaching the gateway acts as that account. */
  allowAnonymous: boolean;
  upstreamTimeoutMs: number;
  upstreamMaxConcurrency: number;
  /** How often a subscribed campaign is polled, and how many subscriptions are allowed (core/live/pollers.ts). */
  subscriptionsPollMs: number;
  subscriptionLimits: LiveLimits;
  /** Retries, retry budget, process-wide in-flight cap, breakers, deadline (core/upstream/traffic.ts). */
  traffic: TrafficSettings;
  /** Requests, sign-ins and wrong API keys allowed per client (security/rate-limits.ts). */
  rateLimits: RateLimitSettings;
  /** express's `trust proxy`: whether (and which) proxies' X-Forwarded-For names the client. */
  trustProxy: boolean | number | string;
  /** Largest estimated query size served (core/graph/query-cost.ts). */
  maxQueryCost: number;
  /** Depth, aliases, directives and tokens a document may have (core/graph/static-limits.ts). */
  staticLimits: StaticLimits;
  cache: CacheConfig;
  dedupe: boolean;
  introspection: boolean;
  /** Browser origins allowed to call the gateway (CORS); `*` for any; empty for same-origin only. */
  corsOrigins: string[];
  logLevel: string;
  /** Where `GET /` lands: the bundled GraphiQL (offline) or Apollo Sandbox (Apollo's CDN). */
  explorer: 'graphiql' | 'sandbox';
  /** A persisted-documents manifest: only its documents run (security/trusted-documents.ts); unset: any document. */
  trustedDocumentsFile: string | undefined;
  /** Shared state for a fleet of replicas (cache, idempotency keys, persisted queries, rate limits, token verdicts); unset: in the process. */
  redisUrl: string | undefined;
  /** Starts every key the gateway writes in Redis; fleets that must not share state use different ones. */
  redisKeyPrefix: string;
  /** Serve /metrics on this port instead of the gateway's (same HOST). */
  metricsPort: number | undefined;
  /** Without a metrics port: whether the API port serves /metrics (default: yes, except in production). */
  publicMetrics: boolean;
  /** Between SIGTERM (readiness turns 503) and the drain: time for load balancers to notice. */
  shutdownDelayMs: number;
  /** V8's old-generation growth past the live heap, in percent (core/heap-growth.ts); 0: V8's own. */
  heapGrowthPercent: number;
  simulator: { port: number; latencyMs: number; recoveryPaceMs: number };
}

export interface CacheConfig {
  /** TTL in ms per upstream endpoint name; 0 turns caching off for it. */
  ttlMs: Record<string, number>;
  maxBytes: number;
  /** How long past its TTL an answer may stand in for a failing upstream. */
  staleIfErrorMs: number;
}

/** Longest cache TTL a setting may ask for; the upstream's data would be too old past an hour. */
const MAX_CACHE_TTL_SECONDS = 3600;

/** Every variable the gateway reads: the declared settings and each cached endpoint's TTL. */
export function knownVariables(apps: ReadonlyArray<UnduitApp> = defaultApps): string[] {
  const ttls = endpointsOf(apps).flatMap(({ cache }) => (cache ? [cache.variable] : []));
  return [...Object.values(SETTINGS).map((setting) => setting.variable), ...ttls];
}

/** `apps`: whose endpoints' cache TTL settings are read (every app, unless a test says otherwise). */
export function loadConfig(env: Env = process.env, apps: ReadonlyArray<UnduitApp> = defaultApps): GatewayConfig {
  refuseUnknownVariables(env, knownVariables(apps));
  const production = env.NODE_ENV === 'production';
  const read = <K extends keyof typeof SETTINGS>(key: K) => SETTINGS[key].read(env, production) as ReturnType<(typeof SETTINGS)[K]['read']>;
  const upstreamBaseUrl = read('upstreamBaseUrl');
  // The simulator serves seeded data to anyone: never by accident, as when a variable is misspelled.
  if (production && !upstreamBaseUrl) {
    throw new ConfigError(
      'UNDUIT_BASE_URL is required with NODE_ENV=production (the built-in simulator is for development): set it to the Unduit API, e.g. https://dev-api.unduit.com/api/v1',
    );
  }
  const account = serviceAccount(read('email'), read('password'));
  const apiKeys = read('apiKeys');
  const allowAnonymous = read('allowAnonymous');
  // On the embedded simulator the demo account is anonymous by design (main.ts says so loudly).
  if (account && upstreamBaseUrl && !apiKeys.length && !allowAnonymous) {
    throw new ConfigError(
      'UNDUIT_EMAIL is set (service account) but GATEWAY_API_KEYS is empty: anyone reaching the gateway would act as that account. ' +
        'Set GATEWAY_API_KEYS (comma-separated, 16+ characters each), or GATEWAY_ALLOW_ANONYMOUS=true to accept that',
    );
  }
  return {
    host: read('host'),
    port: read('port'),
    upstreamBaseUrl,
    serviceAccount: account,
    apiKeys,
    allowAnonymous,
    upstreamTimeoutMs: read('upstreamTimeoutMs'),
    upstreamMaxConcurrency: read('upstreamMaxConcurrency'),
    subscriptionsPollMs: read('subscriptionsPollMs'),
    subscriptionLimits: {
      perClient: read('subscriptionsPerClient'),
      pollersPerPrincipal: read('subscriptionPollersPerPrincipal'),
      total: read('subscriptionsMax'),
    },
    traffic: {
      retries: read('retries'),
      retryBudgetRatio: read('retryBudgetPercent') / 100,
      maxInFlight: read('maxInFlight'),
      breakerFailures: read('breakerFailures'),
      breakerHalfOpenMs: read('breakerHalfOpenMs'),
      deadlineMs: read('deadlineMs'),
      maxCallsPerOperation: read('maxUpstreamCalls'),
    },
    maxQueryCost: read('maxQueryCost'),
    rateLimits: {
      requestsPerMinute: read('requestsPerMinute'),
      loginsPerMinutePerAddress: read('signInsPerMinute'),
      loginsPer15MinutesPerEmail: read('signInsPerEmail'),
      wrongKeysPer15MinutesPerAddress: read('wrongKeys'),
      tokenChecksPerMinutePerAddress: read('tokenChecks'),
      persistedQueriesPerHourPerAddress: read('persistedQueries'),
    },
    trustProxy: read('trustProxy'),
    staticLimits: { depth: read('maxDepth'), aliases: read('maxAliases'), directives: read('maxDirectives'), tokens: read('maxTokens') },
    cache: {
      ttlMs: cacheTtls(env, apps),
      maxBytes: read('cacheMaxMb') * 1024 * 1024,
      staleIfErrorMs: read('staleIfErrorSeconds') * 1000,
    },
    dedupe: read('dedupe'),
    introspection: read('introspection'),
    corsOrigins: read('corsOrigins'),
    shutdownDelayMs: read('shutdownDelayMs'),
    heapGrowthPercent: read('heapGrowthPercent'),
    redisUrl: read('redisUrl'),
    redisKeyPrefix: read('redisKeyPrefix'),
    trustedDocumentsFile: read('trustedDocumentsFile'),
    explorer: read('explorer'),
    metricsPort: read('metricsPort'),
    publicMetrics: read('publicMetrics'),
    logLevel: read('logLevel'),
    simulator: { port: read('simulatorPort'), latencyMs: read('simulatorLatencyMs'), recoveryPaceMs: read('simulatorRecoveryPaceMs') },
  };
}

/** Each cached endpoint's TTL in ms: its declared default, or its variable's value. */
function cacheTtls(env: Env, apps: ReadonlyArray<UnduitApp>): Record<string, number> {
  const ttls: Record<string, number> = {};
  for (const { name, cache } of endpointsOf(apps)) {
    if (cache) ttls[name] = wholeNumber(env, cache.variable, cache.ttlSeconds, 0, MAX_CACHE_TTL_SECONDS) * 1000;
  }
  return ttls;
}

function serviceAccount(email: string | undefined, password: string | undefined): GatewayConfig['serviceAccount'] {
  if (!email && !password) return undefined;
  if (!email || !password) {
    throw new ConfigError('UNDUIT_EMAIL and UNDUIT_PASSWORD must be set together (the service account), or neither');
  }
  return { email, password };
}
