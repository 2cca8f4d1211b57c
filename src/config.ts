/**
 * Environment -> typed, validated settings. The only reader of process.env. A bad value stops
 * start-up with one line naming the variable, before anything listens.
 */
import { apps as defaultApps } from './apps';
import { endpointsOf, type UnduitApp } from './core/app';
import { DEFAULT_HEAP_GROWTH_PERCENT } from './core/heap-growth';
import { DEFAULT_KEY_PREFIX } from './core/redis/redis-connection';
import { DEFAULT_MAX_QUERY_COST } from './core/graph/query-cost';
import { DEFAULT_STATIC_LIMITS, type StaticLimits } from './core/graph/static-limits';
import { DEFAULT_TRAFFIC, type TrafficSettings } from './core/traffic/upstream-traffic';
import type { ApiKeySetting } from './security/api-keys';
import { DEFAULT_RATE_LIMITS, type RateLimitSettings } from './security/rate-limits';

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
  /** Retries, retry budget, process-wide in-flight cap, breakers, deadline (core/traffic). */
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
  simulator: { port: number; latencyMs: number };
}

export interface CacheConfig {
  /** TTL in ms per upstream endpoint name; 0 turns caching off for it. */
  ttlMs: Record<string, number>;
  maxBytes: number;
  /** How long past its TTL an answer may stand in for a failing upstream. */
  staleIfErrorMs: number;
}

export class ConfigError extends Error {}

/** Five minutes of stale data beat an error while the upstream recovers, and are still recent. */
const DEFAULT_STALE_IF_ERROR_S = 300;

/** Longest cache TTL a setting may ask for; the upstream's data would be too old past an hour. */
const MAX_CACHE_TTL_SECONDS = 3600;

type Env = Record<string, string | undefined>;

/** `apps`: whose endpoints' cache TTL settings are read (every app, unless a test says otherwise). */
export function loadConfig(env: Env = process.env, apps: ReadonlyArray<UnduitApp> = defaultApps): GatewayConfig {
  const production = env.NODE_ENV === 'production';
  const upstreamBaseUrl = url(env, 'UNDUIT_BASE_URL');
  // The simulator serves seeded data to anyone: never by accident, as when a variable is misspelled.
  if (production && !upstreamBaseUrl) {
    throw new ConfigError('UNDUIT_BASE_URL is required with NODE_ENV=production (the built-in simulator is for development): set it to the Unduit API, e.g. https://dev-api.unduit.com/api/v1');
  }
  const account = serviceAccount(env);
  const apiKeys = keys(env, 'GATEWAY_API_KEYS');
  const allowAnonymous = boolean(env, 'GATEWAY_ALLOW_ANONYMOUS', false);
  // On the embedded simulator the demo account is anonymous by design (main.ts says so loudly).
  if (account && upstreamBaseUrl && !apiKeys.length && !allowAnonymous) {
    throw new ConfigError(
      'UNDUIT_EMAIL is set (service account) but GATEWAY_API_KEYS is empty: anyone reaching the gateway would act as that account. ' +
        'Set GATEWAY_API_KEYS (comma-separated, 16+ characters each), or GATEWAY_ALLOW_ANONYMOUS=true to accept that',
    );
  }
  return {
    host: text(env, 'HOST') ?? '127.0.0.1',
    port: integer(env, 'PORT', 4000, 0, 65535),
    upstreamBaseUrl,
    serviceAccount: account,
    apiKeys,
    allowAnonymous,
    upstreamTimeoutMs: integer(env, 'UPSTREAM_TIMEOUT_MS', 10_000, 100, 120_000),
    upstreamMaxConcurrency: integer(env, 'UPSTREAM_MAX_CONCURRENCY', 64, 1, 1024),
    traffic: {
      retries: integer(env, 'UPSTREAM_RETRIES', DEFAULT_TRAFFIC.retries, 0, 10),
      retryBudgetRatio: integer(env, 'UPSTREAM_RETRY_BUDGET_PERCENT', DEFAULT_TRAFFIC.retryBudgetRatio * 100, 0, 100) / 100,
      maxInFlight: integer(env, 'UPSTREAM_MAX_IN_FLIGHT', DEFAULT_TRAFFIC.maxInFlight, 1, 256),
      breakerFailures: integer(env, 'UPSTREAM_BREAKER_FAILURES', DEFAULT_TRAFFIC.breakerFailures, 1, 1000),
      breakerHalfOpenMs: integer(env, 'UPSTREAM_BREAKER_HALF_OPEN_MS', DEFAULT_TRAFFIC.breakerHalfOpenMs, 100, 600_000),
      deadlineMs: integer(env, 'GATEWAY_DEADLINE_MS', DEFAULT_TRAFFIC.deadlineMs, 100, 600_000),
      maxCallsPerOperation: integer(env, 'MAX_UPSTREAM_CALLS', DEFAULT_TRAFFIC.maxCallsPerOperation, 1, 100_000),
    },
    maxQueryCost: integer(env, 'MAX_QUERY_COST', DEFAULT_MAX_QUERY_COST, 1, 10_000_000),
    rateLimits: {
      requestsPerMinute: integer(env, 'RATE_LIMIT_REQUESTS_PER_MINUTE', DEFAULT_RATE_LIMITS.requestsPerMinute, 1, 10_000_000),
      loginsPerMinutePerAddress: integer(env, 'RATE_LIMIT_SIGN_INS_PER_MINUTE', DEFAULT_RATE_LIMITS.loginsPerMinutePerAddress, 1, 100_000),
      loginsPer15MinutesPerEmail: integer(env, 'RATE_LIMIT_SIGN_INS_PER_EMAIL', DEFAULT_RATE_LIMITS.loginsPer15MinutesPerEmail, 1, 100_000),
      wrongKeysPer15MinutesPerAddress: integer(env, 'RATE_LIMIT_WRONG_KEYS', DEFAULT_RATE_LIMITS.wrongKeysPer15MinutesPerAddress, 1, 100_000),
      tokenChecksPerMinutePerAddress: integer(env, 'RATE_LIMIT_TOKEN_CHECKS_PER_MINUTE', DEFAULT_RATE_LIMITS.tokenChecksPerMinutePerAddress, 1, 1_000_000),
      persistedQueriesPerHourPerAddress: integer(env, 'RATE_LIMIT_PERSISTED_QUERIES_PER_HOUR', DEFAULT_RATE_LIMITS.persistedQueriesPerHourPerAddress, 1, 1_000_000),
    },
    trustProxy: trustProxy(env),
    staticLimits: {
      depth: integer(env, 'MAX_QUERY_DEPTH', DEFAULT_STATIC_LIMITS.depth, 1, 1000),
      aliases: integer(env, 'MAX_QUERY_ALIASES', DEFAULT_STATIC_LIMITS.aliases, 0, 100_000),
      directives: integer(env, 'MAX_QUERY_DIRECTIVES', DEFAULT_STATIC_LIMITS.directives, 0, 100_000),
      tokens: integer(env, 'MAX_QUERY_TOKENS', DEFAULT_STATIC_LIMITS.tokens, 100, 1_000_000),
    },
    cache: {
      ttlMs: cacheTtls(env, apps),
      maxBytes: integer(env, 'CACHE_MAX_MB', 64, 1, 4096) * 1024 * 1024,
      staleIfErrorMs: integer(env, 'CACHE_STALE_IF_ERROR_S', DEFAULT_STALE_IF_ERROR_S, 0, 86_400) * 1000,
    },
    dedupe: boolean(env, 'GATEWAY_DEDUPE', true),
    introspection: boolean(env, 'GATEWAY_INTROSPECTION', !production),
    corsOrigins: corsOrigins(env, production),
    shutdownDelayMs: integer(env, 'SHUTDOWN_DELAY_MS', 0, 0, 120_000),
    heapGrowthPercent: integer(env, 'GATEWAY_HEAP_GROWTH_PERCENT', DEFAULT_HEAP_GROWTH_PERCENT, 0, 400),
    redisUrl: redisUrl(env),
    redisKeyPrefix: redisKeyPrefix(env),
    trustedDocumentsFile: text(env, 'GATEWAY_TRUSTED_DOCUMENTS'),
    explorer: oneOf(env, 'GATEWAY_EXPLORER', ['graphiql', 'sandbox'], 'graphiql') as 'graphiql' | 'sandbox',
    metricsPort: text(env, 'METRICS_PORT') === undefined ? undefined : integer(env, 'METRICS_PORT', 0, 0, 65535),
    publicMetrics: boolean(env, 'GATEWAY_PUBLIC_METRICS', !production),
    logLevel: oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
    simulator: {
      port: integer(env, 'SIMULATOR_PORT', 0, 0, 65535),
      latencyMs: integer(env, 'SIMULATOR_LATENCY_MS', 0, 0, 60_000),
    },
  };
}

/** Each cached endpoint's TTL in ms: its declared default, or its variable's value. */
function cacheTtls(env: Env, apps: ReadonlyArray<UnduitApp>): Record<string, number> {
  const ttls: Record<string, number> = {};
  for (const { name, cache } of endpointsOf(apps)) {
    if (cache) ttls[name] = integer(env, cache.variable, cache.ttlSeconds, 0, MAX_CACHE_TTL_SECONDS) * 1000;
  }
  return ttls;
}

/** GATEWAY_TRUST_PROXY: unset or false (the socket's address), true, a hop count, or addresses/CIDRs. */
function trustProxy(env: Env): boolean | number | string {
  const raw = text(env, 'GATEWAY_TRUST_PROXY');
  if (raw === undefined || raw === 'false') return false;
  if (raw === 'true') return true;
  if (/^\d+$/.test(raw)) return Number(raw);
  if (/^[0-9a-f.:/, ]+$|^(loopback|linklocal|uniquelocal)(,|$)/i.test(raw)) return raw;
  throw new ConfigError(`GATEWAY_TRUST_PROXY must be true, false, a number of proxies, or proxy addresses (got "${raw}")`);
}

function text(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = text(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
  }
  return value;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = text(env, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (['true', '1', 'yes'].includes(raw)) return true;
  if (['false', '0', 'no'].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false (got "${raw}")`);
}

function oneOf(env: Env, name: string, allowed: string[], fallback: string): string {
  const raw = text(env, name);
  if (raw === undefined) return fallback;
  if (!allowed.includes(raw)) throw new ConfigError(`${name} must be one of ${allowed.join(', ')} (got "${raw}")`);
  return raw;
}

/** REDIS_URL: redis:// or rediss:// (TLS). Its password is never repeated in an error. */
function redisUrl(env: Env): string | undefined {
  const raw = text(env, 'REDIS_URL');
  if (raw === undefined) return undefined;
  let protocol: string;
  try {
    protocol = new URL(raw).protocol;
  } catch {
    throw new ConfigError('REDIS_URL must be a URL such as redis://127.0.0.1:6379 or rediss://user:password@host:6380/0');
  }
  if (protocol !== 'redis:' && protocol !== 'rediss:') throw new ConfigError(`REDIS_URL must use redis: or rediss: (got ${protocol})`);
  return raw;
}

/**
 * GATEWAY_CORS_ORIGINS: origins, `*`, or `<scheme>://<host>:*` for any port. Unset: outside production a
 * local dev server (Vite on localhost:5173, and the like) is allowed; in production, same-origin only.
 */
function corsOrigins(env: Env, production: boolean): string[] {
  const raw = text(env, 'GATEWAY_CORS_ORIGINS');
  if (raw === undefined) return production ? [] : LOCAL_ORIGINS;
  return raw.split(',').map((origin) => origin.trim()).filter(Boolean);
}

const LOCAL_ORIGINS = ['http://localhost:*', 'http://127.0.0.1:*'];

/** REDIS_KEY_PREFIX: printable, no spaces or glob characters, so keys stay readable and scannable. */
function redisKeyPrefix(env: Env): string {
  const raw = text(env, 'REDIS_KEY_PREFIX');
  if (raw === undefined) return DEFAULT_KEY_PREFIX;
  if (!/^[A-Za-z0-9_.:-]{1,64}$/.test(raw)) throw new ConfigError(`REDIS_KEY_PREFIX must be 1 to 64 letters, digits, '_', '.', ':' or '-' (got "${raw.slice(0, 80)}")`);
  return raw;
}

function url(env: Env, name: string): string | undefined {
  const raw = text(env, name);
  if (raw === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be an absolute http(s) URL such as https://dev-api.unduit.com/api/v1`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ConfigError(`${name} must use http or https (got ${parsed.protocol})`);
  }
  return raw.replace(/\/+$/, '');
}

/** Comma-separated keys, each optionally `<key>:<requests per minute>` (a backend's key may need more than a person's). */
function keys(env: Env, name: string): ApiKeySetting[] {
  const list = (text(env, name) ?? '').split(',').map((entry) => entry.trim()).filter(Boolean);
  return list.map((entry) => {
    const [, key, limit] = /^(.*?)(?::(\d+))?$/.exec(entry)!;
    if (key.length < 16) throw new ConfigError(`${name}: every key must be at least 16 characters`);
    if (limit === undefined) return { key };
    const requestsPerMinute = Number(limit);
    if (requestsPerMinute < 1 || requestsPerMinute > 10_000_000) throw new ConfigError(`${name}: a key's limit (after ':') must be from 1 to 10000000 requests a minute`);
    return { key, requestsPerMinute };
  });
}

function serviceAccount(env: Env): GatewayConfig['serviceAccount'] {
  const email = text(env, 'UNDUIT_EMAIL');
  const password = env.UNDUIT_PASSWORD;
  if (!email && !password) return undefined;
  if (!email || !password) {
    throw new ConfigError('UNDUIT_EMAIL and UNDUIT_PASSWORD must be set together (the service account), or neither');
  }
  return { email, password };
}
