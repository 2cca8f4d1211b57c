/**
 * Every setting of the gateway, declared once: its variable, how it is read and checked, its default,
 * what it does and why the default, and the docs page that explains it. config.ts reads the
 * environment through these; docs/configuration.md's table is generated from them (`npm run
 * docs:emit`, drift-tested); a variable with one of the gateway's prefixes that nothing here (or an
 * endpoint's cache TTL) declares stops start-up, naming the closest known one.
 */
import { closest as nearest } from 'fastest-levenshtein';
import { DEFAULT_HEAP_GROWTH_PERCENT } from './core/heap-growth';
import { DEFAULT_LIVE_LIMITS, DEFAULT_POLL_MS } from './core/live/pollers';
import { DEFAULT_MAX_QUERY_COST } from './core/graph/query-cost';
import { DEFAULT_STATIC_LIMITS } from './core/graph/static-limits';
import { DEFAULT_KEY_PREFIX } from './core/redis/redis-connection';
import { DEFAULT_TRAFFIC } from './core/upstream/traffic';
import { DEFAULT_RATE_LIMITS } from './security/rate-limits';

export type Env = Record<string, string | undefined>;

/** A configuration mistake: main.ts prints it as one line and exits with code 2. */
export class ConfigError extends Error {}

/** The docs page (docs/<page>.md) that explains a setting. */
export type DocsPage = 'configuration' | 'security' | 'limits' | 'upstream' | 'operations' | 'frontend' | 'live-updates' | 'explorers';

export interface Setting<T> {
  variable: string;
  /** The default as the docs show it. */
  shown: string;
  /** What it does, and why the default is what it is (one docs table cell). */
  doc: string;
  page: DocsPage;
  read(env: Env, production: boolean): T;
}

/** Variables the gateway reads besides its declared settings (OpenTelemetry's `OTEL_*` are its SDK's own). */
const PREFIXES = ['UNDUIT_', 'GATEWAY_', 'CACHE_', 'UPSTREAM_', 'REDIS_', 'RATE_LIMIT_', 'MAX_', 'SUBSCRIPTIONS_'];

export function text(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

export function wholeNumber(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = text(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
  }
  return value;
}

function yesNo(env: Env, name: string, fallback: boolean): boolean {
  const raw = text(env, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (['true', '1', 'yes'].includes(raw)) return true;
  if (['false', '0', 'no'].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false (got "${raw}")`);
}

interface Doc {
  doc: string;
  page: DocsPage;
  /** The default as shown, when it is not the plain value. */
  shown?: string;
}

export function integer(variable: string, fallback: number, min: number, max: number, { doc, page, shown }: Doc): Setting<number> {
  return { variable, shown: shown ?? `\`${fallback}\``, doc, page, read: (env) => wholeNumber(env, variable, fallback, min, max) };
}

export function boolean(
  variable: string,
  fallback: boolean | ((production: boolean) => boolean),
  { doc, page, shown }: Doc,
): Setting<boolean> {
  const value = (production: boolean) => (typeof fallback === 'function' ? fallback(production) : fallback);
  return { variable, shown: shown ?? `\`${value(false)}\``, doc, page, read: (env, production) => yesNo(env, variable, value(production)) };
}

export function oneOf<T extends string>(variable: string, allowed: readonly T[], fallback: T, { doc, page }: Doc): Setting<T> {
  return {
    variable,
    shown: `\`${fallback}\``,
    doc,
    page,
    read: (env) => {
      const raw = text(env, variable);
      if (raw === undefined) return fallback;
      if (!(allowed as readonly string[]).includes(raw))
        throw new ConfigError(`${variable} must be one of ${allowed.join(', ')} (got "${raw}")`);
      return raw as T;
    },
  };
}

/** A setting with its own reader (URLs, lists, several shapes). */
export function custom<T>(variable: string, shown: string, read: (env: Env, production: boolean) => T, { doc, page }: Doc): Setting<T> {
  return { variable, shown, doc, page, read };
}

export const SETTINGS = {
  port: integer('PORT', 4000, 0, 65535, { page: 'operations', doc: 'port of the gateway (`0`: any free port)' }),
  host: custom('HOST', '`127.0.0.1`', (env) => text(env, 'HOST') ?? '127.0.0.1', {
    page: 'operations',
    doc: 'interface to bind; `HOST=0.0.0.0` serves every interface (containers, other machines)',
  }),
  upstreamBaseUrl: custom('UNDUIT_BASE_URL', 'unset; required when `NODE_ENV=production`', (env) => httpUrl(env, 'UNDUIT_BASE_URL'), {
    page: 'operations',
    doc: 'the Unduit API, e.g. `https://dev-api.unduit.com/api/v1`; unset starts the built-in simulator, which production never does by itself',
  }),
  email: custom('UNDUIT_EMAIL', 'unset', (env) => text(env, 'UNDUIT_EMAIL'), {
    page: 'security',
    doc: "the gateway's own Unduit account (the service account), with `UNDUIT_PASSWORD`: both or neither. On the simulator, the demo account is used when unset",
  }),
  password: custom('UNDUIT_PASSWORD', 'unset', (env) => env.UNDUIT_PASSWORD || undefined, {
    page: 'security',
    doc: "the service account's password",
  }),
  apiKeys: custom('GATEWAY_API_KEYS', 'unset', (env) => apiKeys(env, 'GATEWAY_API_KEYS'), {
    page: 'security',
    doc: 'comma-separated keys (16+ characters each) the clients of the service account present; `<key>:<n>` gives a key its own limit of `n` requests a minute (a backend serving many users behind one key)',
  }),
  allowAnonymous: boolean('GATEWAY_ALLOW_ANONYMOUS', false, {
    page: 'security',
    doc: 'with a service account and no keys: let anyone act as that account (the embedded demo does)',
  }),
  cacheMaxMb: integer('CACHE_MAX_MB', 64, 1, 4096, {
    page: 'upstream',
    doc: "bound of the in-memory cache (least recently used entries go first); with `REDIS_URL` Redis's own `maxmemory` bounds it, and no single answer over 1 MB is stored",
  }),
  staleIfErrorSeconds: integer('CACHE_STALE_IF_ERROR_S', 300, 0, 86_400, {
    page: 'upstream',
    doc: 'how long past its TTL a cached answer may stand in for a failing upstream (same principal only); `0`: never. Five minutes of stale data beat an error while the upstream recovers, and are still recent',
  }),
  trustedDocumentsFile: custom('GATEWAY_TRUSTED_DOCUMENTS', 'unset', (env) => text(env, 'GATEWAY_TRUSTED_DOCUMENTS'), {
    page: 'security',
    doc: 'path of a persisted-documents manifest (`{ "<sha256>": "<document>" }`, what GraphQL Code Generator\'s client preset writes with `persistedDocuments: true`): only its documents run; anything else is refused with `PERSISTED_QUERY_NOT_ALLOWED` before it is parsed. The repository\'s own: `schema/generated/persisted-documents.json`. Unset: any document',
  }),
  redisUrl: custom('REDIS_URL', 'unset', (env) => redisUrl(env), {
    page: 'operations',
    doc: '`redis://host:6379` (or `rediss://` for TLS, credentials in the URL): keep the cache, idempotency keys, persisted queries, rate-limit counters, token verdicts and subscription pollers in Redis, shared by every replica. Unset: all in the process, no server needed',
  }),
  redisKeyPrefix: custom('REDIS_KEY_PREFIX', `\`${DEFAULT_KEY_PREFIX}\``, (env) => redisKeyPrefix(env), {
    page: 'operations',
    doc: "starts every Redis key, before a tag of the upstream's URL (fleets on different upstreams never share state); letters, digits, `_.:-`",
  }),
  upstreamTimeoutMs: integer('UPSTREAM_TIMEOUT_MS', 10_000, 100, 120_000, {
    page: 'upstream',
    doc: "timeout of one upstream exchange (headers and body), counted from when the call is sent, not while it waits in the scheduler, and without the time the gateway's own event loop was blocked",
  }),
  upstreamMaxConcurrency: integer('UPSTREAM_MAX_CONCURRENCY', 64, 1, 1024, {
    page: 'upstream',
    doc: "upstream calls one GraphQL request may have in flight; more wait their turn (64: wide enough that a report's widest level goes out at once)",
  }),
  subscriptionsPollMs: integer('SUBSCRIPTIONS_POLL_MS', DEFAULT_POLL_MS, 1_000, 3_600_000, {
    page: 'live-updates',
    doc: 'how often a campaign with subscribers is polled, once for every subscriber of the same caller: half a minute is as fresh as a shipment status needs',
  }),
  subscriptionsPerClient: integer('SUBSCRIPTIONS_PER_CLIENT', DEFAULT_LIVE_LIMITS.perClient, 1, 100_000, {
    page: 'live-updates',
    doc: 'subscriptions one client may hold (a verified API key or token, else the address): ten screens of ten campaigns',
  }),
  subscriptionPollersPerPrincipal: integer('SUBSCRIPTIONS_POLLERS_PER_PRINCIPAL', DEFAULT_LIVE_LIMITS.pollersPerPrincipal, 1, 10_000, {
    page: 'live-updates',
    doc: 'campaigns one caller may watch at once, each one poller: 20 at the default interval are under one upstream read a second',
  }),
  subscriptionsMax: integer('SUBSCRIPTIONS_MAX', DEFAULT_LIVE_LIMITS.total, 1, 1_000_000, {
    page: 'live-updates',
    doc: 'subscriptions in the whole process, each a socket and a buffer: 10,000 keep them within a few hundred MB',
  }),
  maxInFlight: integer('UPSTREAM_MAX_IN_FLIGHT', DEFAULT_TRAFFIC.maxInFlight, 1, 256, {
    page: 'upstream',
    doc: "upstream calls the whole process may have in flight (1 to 256, the client's sockets), shared fairly between principals, each principal's own share adapting to the upstream's 429s and latency",
  }),
  retries: integer('UPSTREAM_RETRIES', DEFAULT_TRAFFIC.retries, 0, 10, {
    page: 'upstream',
    doc: 'retries of a failed read; 4 let a recovery report of 140 reads survive a 10% failure rate (999 reports in 1,000 complete, where 3 retries gave 98.5%); writes are never retried',
  }),
  retryBudgetPercent: integer('UPSTREAM_RETRY_BUDGET_PERCENT', DEFAULT_TRAFFIC.retryBudgetRatio * 100, 0, 100, {
    page: 'upstream',
    doc: "retries allowed as a share of the calls of the last 10 s (Finagle's default), so a sick upstream sees at most about 1.2x its load",
  }),
  breakerFailures: integer('UPSTREAM_BREAKER_FAILURES', DEFAULT_TRAFFIC.breakerFailures, 1, 1000, {
    page: 'upstream',
    doc: 'consecutive failures of one endpoint that open its breaker (5: more than a blip)',
  }),
  breakerHalfOpenMs: integer('UPSTREAM_BREAKER_HALF_OPEN_MS', DEFAULT_TRAFFIC.breakerHalfOpenMs, 100, 600_000, {
    page: 'upstream',
    doc: 'how long an open breaker waits before a probe; a recovered upstream is found within a second, at one probe a second',
  }),
  deadlineMs: integer('GATEWAY_DEADLINE_MS', DEFAULT_TRAFFIC.deadlineMs, 100, 600_000, {
    page: 'upstream',
    doc: "an operation's whole time budget for upstream calls, queue and retries included: what a person waits",
  }),
  maxUpstreamCalls: integer('MAX_UPSTREAM_CALLS', DEFAULT_TRAFFIC.maxCallsPerOperation, 1, 100_000, {
    page: 'limits',
    doc: 'upstream calls one operation may make, retries included; twice the largest shipped report',
  }),
  maxQueryCost: integer('MAX_QUERY_COST', DEFAULT_MAX_QUERY_COST, 1, 10_000_000, {
    page: 'limits',
    doc: 'most upstream calls an operation may be estimated to need, refused before anything runs (but for the first page of a list whose size it needs); about three times `MAX_UPSTREAM_CALLS`, because the estimate assumes every page full',
  }),
  maxDepth: integer('MAX_QUERY_DEPTH', DEFAULT_STATIC_LIMITS.depth, 1, 1000, {
    page: 'limits',
    doc: 'deepest document served; the deepest shipped operation is 7, the deepest natural BI query 10',
  }),
  maxAliases: integer('MAX_QUERY_ALIASES', DEFAULT_STATIC_LIMITS.aliases, 0, 100_000, {
    page: 'limits',
    doc: 'aliases in one document; a BI tool paging every asset page by alias needs 53',
  }),
  maxDirectives: integer('MAX_QUERY_DIRECTIVES', DEFAULT_STATIC_LIMITS.directives, 0, 100_000, {
    page: 'limits',
    doc: 'directives in one document; the shipped operations use none',
  }),
  maxTokens: integer('MAX_QUERY_TOKENS', DEFAULT_STATIC_LIMITS.tokens, 100, 1_000_000, {
    page: 'limits',
    doc: 'tokens the parser reads before it refuses a document (`GRAPHQL_PARSE_FAILED`); the shipped operations take 639 all together',
  }),
  requestsPerMinute: integer('RATE_LIMIT_REQUESTS_PER_MINUTE', DEFAULT_RATE_LIMITS.requestsPerMinute, 1, 10_000_000, {
    page: 'security',
    doc: "GraphQL requests per minute per client: its valid API key, its bearer token once the upstream accepted it, else its address. 20 a second for a backend behind one key; the upstream is the traffic policy's to protect, not this limit's",
  }),
  signInsPerMinute: integer('RATE_LIMIT_SIGN_INS_PER_MINUTE', DEFAULT_RATE_LIMITS.loginsPerMinutePerAddress, 1, 100_000, {
    page: 'security',
    doc: '`login`/`refreshToken` per minute per address',
  }),
  signInsPerEmail: integer('RATE_LIMIT_SIGN_INS_PER_EMAIL', DEFAULT_RATE_LIMITS.loginsPer15MinutesPerEmail, 1, 100_000, {
    page: 'security',
    doc: "`login` per 15 minutes per email from one address; past as many failures for an email from anywhere, each further attempt waits 0.5 s more (at most 5 s) but is never refused, so a stranger's guesses cannot lock its owner out",
  }),
  wrongKeys: integer('RATE_LIMIT_WRONG_KEYS', DEFAULT_RATE_LIMITS.wrongKeysPer15MinutesPerAddress, 1, 100_000, {
    page: 'security',
    doc: 'wrong API keys per 15 minutes per address; past it the address is refused whatever key it sends',
  }),
  tokenChecks: integer('RATE_LIMIT_TOKEN_CHECKS_PER_MINUTE', DEFAULT_RATE_LIMITS.tokenChecksPerMinutePerAddress, 1, 1_000_000, {
    page: 'security',
    doc: 'bearer tokens new to the gateway (each costs one upstream call to verify) per minute per address; past it such a request is `RATE_LIMITED` and nothing is sent',
  }),
  persistedQueries: integer('RATE_LIMIT_PERSISTED_QUERIES_PER_HOUR', DEFAULT_RATE_LIMITS.persistedQueriesPerHourPerAddress, 1, 1_000_000, {
    page: 'security',
    doc: 'automatic persisted queries an address may register (stored for a day); past it, or for a document over 32 KB, the query runs unregistered (a GET is refused with `RATE_LIMITED`)',
  }),
  trustProxy: custom('GATEWAY_TRUST_PROXY', '`false`', (env) => trustProxy(env), {
    page: 'security',
    doc: "whose `X-Forwarded-For` names the client (express's `trust proxy`: `true`, a hop count, or proxy addresses/CIDRs). Leave it off unless a proxy you run sets that header, or any client can pick the address its limits count against",
  }),
  dedupe: boolean('GATEWAY_DEDUPE', true, {
    page: 'upstream',
    doc: 'per-request deduplication of upstream GETs, loader caching and the shared cache; `false` only for measuring the unbatched baseline',
  }),
  explorer: oneOf('GATEWAY_EXPLORER', ['graphiql', 'sandbox'] as const, 'graphiql', {
    page: 'explorers',
    doc: "where `GET /` lands: `graphiql` (bundled, works offline) or `sandbox` (Apollo Sandbox, needs Apollo's CDN)",
  }),
  introspection: boolean('GATEWAY_INTROSPECTION', (production) => !production, {
    page: 'explorers',
    shown: '`true`; `false` when `NODE_ENV=production`',
    doc: 'introspection and the Sandbox landing page; without it the explorers still run queries, without docs or completion',
  }),
  corsOrigins: custom(
    'GATEWAY_CORS_ORIGINS',
    '`http://localhost:*,http://127.0.0.1:*`; none when `NODE_ENV=production`',
    (env, production) => corsOrigins(env, production),
    {
      page: 'frontend',
      doc: 'browser origins allowed to call the gateway, comma-separated (`*`: any; `<origin>:*`: any port of it). Outside production a local dev server (Vite on `localhost:5173`) works at once; in production only what is listed, so a page elsewhere cannot borrow a service account',
    },
  ),
  metricsPort: custom(
    'METRICS_PORT',
    'unset',
    (env) => (text(env, 'METRICS_PORT') === undefined ? undefined : wholeNumber(env, 'METRICS_PORT', 0, 0, 65535)),
    {
      page: 'operations',
      doc: "serve `GET /metrics` on this port instead of the API's (same `HOST`)",
    },
  ),
  publicMetrics: boolean('GATEWAY_PUBLIC_METRICS', (production) => !production, {
    page: 'operations',
    shown: '`true`; `false` when `NODE_ENV=production`',
    doc: 'without `METRICS_PORT`, whether the API port serves `/metrics` (metrics tell an outsider what runs and how much)',
  }),
  shutdownDelayMs: integer('SHUTDOWN_DELAY_MS', 0, 0, 120_000, {
    page: 'operations',
    doc: "after `SIGTERM`, how long `/readyz` answers 503 before the drain starts; set it to the load balancer's check interval",
  }),
  heapGrowthPercent: integer('GATEWAY_HEAP_GROWTH_PERCENT', DEFAULT_HEAP_GROWTH_PERCENT, 0, 400, {
    page: 'operations',
    doc: "how far V8 lets the heap grow past what its last full collection kept alive (`--heap-growing-percent`; `0`: V8's own, up to 4x): the peak RSS of concurrent reports stays near the live heap, at no measurable CPU cost; not a ceiling, so a process that needs more memory still gets it",
  }),
  logLevel: oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info', {
    page: 'operations',
    doc: 'pino, JSON lines on stdout',
  }),
  simulatorPort: integer('SIMULATOR_PORT', 0, 0, 65535, { page: 'operations', doc: 'port of the built-in simulator (loopback only)' }),
  simulatorLatencyMs: integer('SIMULATOR_LATENCY_MS', 0, 0, 60_000, {
    page: 'operations',
    doc: 'latency the built-in simulator adds to every request',
  }),
  simulatorRecoveryPaceMs: integer('SIMULATOR_RECOVERY_PACE_MS', 10_000, 0, 3_600_000, {
    page: 'operations',
    doc: 'every this many ms the built-in simulator advances one recovery a stage (0: none moves), so a subscription shows changes while you explore',
  }),
};

/** Variables read by others than the gateway's loader, documented beside the settings. */
export const OTHER_VARIABLES = [
  {
    variable: 'NODE_ENV',
    shown: 'unset',
    doc: '`production` turns on the production defaults (see each setting) and requires `UNDUIT_BASE_URL`',
  },
  {
    variable: 'OTEL_EXPORTER_OTLP_ENDPOINT',
    shown: 'unset',
    doc: "send traces over OTLP/HTTP to this collector (e.g. `http://otel-collector:4318`); unset: no tracing. Other `OTEL_*` variables are OpenTelemetry's own",
  },
];

/** Stops start-up on a variable with a gateway prefix that no setting declares: a typo never silently means the default. */
export function refuseUnknownVariables(env: Env, known: Iterable<string>): void {
  const names = new Set(known);
  for (const name of Object.keys(env).sort()) {
    if (!PREFIXES.some((prefix) => name.startsWith(prefix)) || names.has(name)) continue;
    throw new ConfigError(`${name} is not a setting of the gateway; did you mean ${closest(name, names)}? (see docs/configuration.md)`);
  }
}

function closest(name: string, known: Set<string>): string {
  return nearest(name, [...known]);
}

function httpUrl(env: Env, name: string): string | undefined {
  const raw = text(env, name);
  if (raw === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be an absolute http(s) URL such as https://dev-api.unduit.com/api/v1`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new ConfigError(`${name} must use http or https (got ${parsed.protocol})`);
  return raw.replace(/\/+$/, '');
}

/** Comma-separated keys, each optionally `<key>:<requests per minute>`. */
function apiKeys(env: Env, name: string): Array<{ key: string; requestsPerMinute?: number }> {
  const list = (text(env, name) ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  return list.map((entry) => {
    const [, key, limit] = /^(.*?)(?::(\d+))?$/.exec(entry)!;
    if (key.length < 16) throw new ConfigError(`${name}: every key must be at least 16 characters`);
    if (limit === undefined) return { key };
    const requestsPerMinute = Number(limit);
    if (requestsPerMinute < 1 || requestsPerMinute > 10_000_000)
      throw new ConfigError(`${name}: a key's limit (after ':') must be from 1 to 10000000 requests a minute`);
    return { key, requestsPerMinute };
  });
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

/** REDIS_KEY_PREFIX: printable, no spaces or glob characters, so keys stay readable and scannable. */
function redisKeyPrefix(env: Env): string {
  const raw = text(env, 'REDIS_KEY_PREFIX');
  if (raw === undefined) return DEFAULT_KEY_PREFIX;
  if (!/^[A-Za-z0-9_.:-]{1,64}$/.test(raw))
    throw new ConfigError(`REDIS_KEY_PREFIX must be 1 to 64 letters, digits, '_', '.', ':' or '-' (got "${raw.slice(0, 80)}")`);
  return raw;
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

const LOCAL_ORIGINS = ['http://localhost:*', 'http://127.0.0.1:*'];

/** Unset: outside production a local dev server is allowed; in production, same-origin only. */
function corsOrigins(env: Env, production: boolean): string[] {
  const raw = text(env, 'GATEWAY_CORS_ORIGINS');
  if (raw === undefined) return production ? [] : LOCAL_ORIGINS;
  return raw
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
}
