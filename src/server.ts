/**
 * Builds the gateway (Apollo Server on express) without listening; main.ts and the tests listen.
 * Routes: POST /graphql (the API), GET /graphql (Apollo Sandbox), GET /graphiql (the bundled explorer),
 * GET / (redirect to the explorer), GET /healthz,
 * GET /readyz, GET /metrics, GET /export (the catalog), GET /export/<dataset>.<csv|ndjson|json|schema.json>; anything else
 * is a 404 in GraphQL's error shape.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { expressMiddleware } from '@as-integrations/express5';
import compression from 'compression';
import cors from 'cors';
import express from 'express';
import { apps as defaultApps } from './apps';
import type { CacheConfig } from './config';
import { createContext, type GatewayContext } from './context';
import type { UnduitApp } from './core/app';
import { RedisKeyValueCache } from './core/cache/redis-key-value-cache';
import { systemClock, type Clock } from './core/clock';
import { DEFAULT_MAX_QUERY_COST, queryCostPlugin } from './core/graph/query-cost';
import { DEFAULT_STATIC_LIMITS, staticLimitRules, type StaticLimits } from './core/graph/static-limits';
import type { Logger } from './core/logger';
import type { TrafficSettings } from './core/upstream/traffic';
import { MAX_REQUEST_BODY } from './edge/body-limit';
import { applyConnectionTimeouts, DEFAULT_CONNECTION_TIMEOUTS, type ConnectionTimeouts } from './edge/connection-timeouts';
import { explorerRoutes, type Explorer } from './edge/explorer';
import { persistedQueryRegistrations } from './edge/persisted-query-registrations';
import { requestRateLimit } from './edge/rate-limit';
import { reachable, readinessHandler, type ReadinessState } from './edge/readiness';
import { credentialsInUrlRefusal, refusalErrorHandler, routeNotFoundHandler } from './edge/refusals';
import { requestLogger } from './edge/request-log';
import { loadDatasets } from './exports/datasets';
import { catalogHandler, exportHandler } from './exports/export-route';
import { SharedSubscriptions } from './edge/shared-subscriptions';
import { subscriptionChecker } from './edge/subscription-operation';
import { serveSubscriptions } from './edge/subscriptions-ws';
import { sseSubscriptions } from './edge/subscriptions-sse';
import { multipartSubscriptions } from './edge/subscriptions-multipart';
import {
  httpCachePlugin,
  httpStatusPlugin,
  maskUnexpectedError,
  metricsPlugin,
  requestLogPlugin,
  ResponseCache,
  responseCachePlugin,
  RunningOperations,
  upstreamStatsPlugin,
} from './plugins';
import { buildGatewaySchema } from './schema';
import type { ApiKeySetting } from './security/api-keys';
import { bearerPrincipal, credentialsFor } from './security/credentials';
import type { GatewayError } from './core/errors';
import { trustedDocuments, type Manifest } from './security/trusted-documents';
import type { LiveLimits, SubscriptionTransport } from './core/live/pollers';
import { clientOf, type RateLimitSettings, type VerifiedCredentials } from './security/rate-limits';
import { createSharedState } from './shared-state';

const APQ_TTL_SECONDS = 24 * 3600;
/** Smaller answers are sent as they are: compressing them saves less than it costs. */
const COMPRESS_FROM_BYTES = 1024;

/** Apollo's own default: long enough for a report to finish, short enough for an orchestrator's kill timer. */
const DEFAULT_SHUTDOWN_GRACE_MS = 10_000;

export interface GatewayOptions {
  upstreamBaseUrl: string;
  upstreamTimeoutMs: number;
  upstreamMaxConcurrency: number;
  /** The traffic policy; each setting absent takes its default (core/upstream/traffic.ts). */
  traffic?: Partial<TrafficSettings>;
  dedupe: boolean;
  introspection: boolean;
  serviceAccount?: { email: string; password: string };
  /** Keys the clients of the service account present, each with its own request limit if it has one. */
  apiKeys?: ReadonlyArray<string | ApiKeySetting>;
  allowAnonymous?: boolean;
  /** Absent: no cache across requests. */
  cache?: CacheConfig;
  /** Most upstream calls an operation may be estimated to need (default DEFAULT_MAX_QUERY_COST). */
  maxQueryCost?: number;
  /** Depth, aliases, directives and tokens a document may have; each absent takes its default. */
  staticLimits?: Partial<StaticLimits>;
  /** Browser origins allowed by CORS; `*` for any, `http://localhost:*` for any port. Absent or empty: same-origin only. */
  corsOrigins?: string[];
  logger: Logger;
  clock?: Clock;
  /** Rate limits; each absent takes its default (security/rate-limits.ts). */
  rateLimits?: Partial<RateLimitSettings>;
  /** express's `trust proxy`: false (default) reads the client address from the socket, never X-Forwarded-For. */
  trustProxy?: boolean | number | string;
  /** How long shutdown waits for running requests before cutting them (and logging each); default 10 s. */
  shutdownGraceMs?: number;
  /** Where `GET /` lands: the bundled GraphiQL (default, works offline) or Apollo Sandbox. */
  explorer?: Explorer;
  /**
   * Whether `GET /metrics` is served on the API port when no metrics port is set (default true; false
   * by default in production, GATEWAY_PUBLIC_METRICS): metrics tell an outsider what runs and how much.
   */
  publicMetrics?: boolean;
  /** Only these documents run (GATEWAY_TRUSTED_DOCUMENTS); absent: any document. */
  trustedDocuments?: Manifest;
  /** Shared state of a fleet of replicas lives here (REDIS_URL); absent: in this process. */
  redisUrl?: string;
  /** Starts every Redis key, before a tag of the upstream's URL (REDIS_KEY_PREFIX; default `unduit-gateway:`). */
  redisKeyPrefix?: string;
  /** How long a client connection may make no progress; each absent takes its default (edge/connection-timeouts.ts). */
  connectionTimeouts?: Partial<ConnectionTimeouts>;
  /** How often a subscribed campaign is polled (SUBSCRIPTIONS_POLL_MS; default DEFAULT_POLL_MS). */
  subscriptionsPollMs?: number;
  /** Subscriptions allowed per client, pollers per principal, in all; each absent takes its default (core/live/pollers.ts). */
  subscriptionLimits?: Partial<LiveLimits>;
  /** The Unduit apps served; every app in apps/index.ts unless a test brings its own list. */
  apps?: ReadonlyArray<UnduitApp>;
}

export interface Gateway {
  httpServer: http.Server;
  /** Listens and resolves with the URL of the GraphQL endpoint. */
  listen(port: number, host: string): Promise<string>;
  /** `/readyz` answers 503 from now on, so load balancers stop sending traffic before the drain. */
  beginShutdown(): void;
  /** With `metricsPort`: serves `GET /metrics` there (and no longer on the main port); resolves with its URL. */
  listenMetrics(port: number, host: string): Promise<string>;
  /** Whether the upstream answers anything now (what readiness asks when it heard nothing lately). */
  upstreamReachable(): Promise<boolean>;
  stop(): Promise<void>;
}

export async function createGateway(options: GatewayOptions): Promise<Gateway> {
  const clock = options.clock ?? systemClock;
  const apps = options.apps ?? defaultApps;
  const limits: StaticLimits = { ...DEFAULT_STATIC_LIMITS, ...options.staticLimits };
  const { shared, auth, metrics, redis } = createSharedState(options, clock);
  const { client } = shared;
  const running = new RunningOperations();
  const readiness: ReadinessState = { shuttingDown: false };
  const app = express();
  const httpServer = http.createServer(app);
  applyConnectionTimeouts(httpServer, { ...DEFAULT_CONNECTION_TIMEOUTS, ...options.connectionTimeouts });

  const schema = await buildGatewaySchema(apps);
  const apollo = new ApolloServer<GatewayContext>({
    schema,
    introspection: options.introspection,
    includeStacktraceInErrorResponses: false,
    // With introspection off the schema is private: no "Did you mean ...?" in validation errors either.
    hideSchemaDetailsFromClientErrors: !options.introspection,
    // Refused while lexing: a huge document costs little before it is dropped.
    parseOptions: { maxTokens: limits.tokens },
    validationRules: staticLimitRules(limits),
    // Automatic persisted queries: with Redis, a hash registered on one replica is known to all; a
    // day's TTL bounds what clients can store there.
    ...(redis && { persistedQueries: { cache: new RedisKeyValueCache(redis, 'apq:'), ttl: APQ_TTL_SECONDS } }),
    // main.ts owns shutdown (gateway, then the embedded simulator).
    stopOnTerminationSignals: false,
    formatError: (formatted, error) => maskUnexpectedError(formatted, error, options.logger),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: options.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS }),
      // No HTTP cache hints are served; computing them wraps every field resolver (bench: ~5% CPU).
      ApolloServerPluginCacheControlDisabled(),
      options.introspection
        ? ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false })
        : ApolloServerPluginLandingPageDisabled(),
      queryCostPlugin<GatewayContext>(
        { maxCost: options.maxQueryCost ?? DEFAULT_MAX_QUERY_COST, maxCalls: shared.traffic.settings.maxCallsPerOperation },
        (context) => context.pageCounts,
      ),
      // Before the stats: a response served whole reports its cache hits like any other.
      ...(shared.sharedCache && options.cache
        ? [responseCachePlugin(new ResponseCache(shared.sharedCache, options.cache.maxBytes / 4, clock))]
        : []),
      upstreamStatsPlugin(),
      httpCachePlugin(clock),
      requestLogPlugin(running),
      metricsPlugin(metrics),
      httpStatusPlugin(),
    ],
  });
  await apollo.start();

  app.disable('x-powered-by');
  app.set('trust proxy', options.trustProxy ?? false);
  app.use(requestLogger(options.logger));
  // gzip or brotli, as the client accepts, for answers over 1 KB (a users page is about 5 KB, every user 138 KB).
  app.use(compression({ threshold: COMPRESS_FROM_BYTES }));
  app.get('/', (_req, res) => res.redirect(options.explorer === 'sandbox' ? '/graphql' : '/graphiql'));
  app.use(explorerRoutes());
  app.get('/healthz', (_req, res) => res.json({ ok: true }));
  app.get('/readyz', readinessHandler(client, auth.serviceAccount, redis, readiness));
  const serveMetrics: express.RequestHandler = (_req, res) => {
    metrics.registry.metrics().then((text) => res.type(metrics.registry.contentType).send(text));
  };
  let metricsServer: http.Server | undefined;
  const publicMetrics = options.publicMetrics ?? true;
  app.get('/metrics', (req, res, next) => (metricsServer || !publicMetrics ? next() : serveMetrics(req, res, next)));
  /** Every GraphQL operation's context, for /graphql and the exports alike. */
  const contextFor = async (req: express.Request, res: express.Response) =>
    createContext(
      shared,
      { credentials: credentialsFor(req.headers, auth), clientAddress: req.ip ?? 'unknown', logFields: res.locals },
      { maxConcurrency: options.upstreamMaxConcurrency, dedupe: options.dedupe },
      apps,
    ) as GatewayContext;
  /** Which credentials are known good, for naming a client (rate limits, subscription limits). */
  const verified: VerifiedCredentials = {
    apiKey: (key) => auth.apiKeys.match(key),
    isAcceptedToken: (token) => shared.tokenVerdicts.isAccepted(bearerPrincipal(token)),
  };
  const allowedOrigins = corsOrigin(options.corsOrigins ?? []);
  // One CORS policy and one rate limit for both ways in to the graph.
  const admission = [credentialsInUrlRefusal(), cors({ origin: allowedOrigins }), requestRateLimit(shared.rateLimits, verified)];
  // The catalog and the Table Schemas hold no tenant data, but describe the graph: only to callers with credentials.
  const refusalFor = async (req: express.Request): Promise<GatewayError | undefined> => {
    const credentials = credentialsFor(req.headers, auth);
    return credentials.principal
      ? undefined
      : credentials.token().then(
          () => undefined,
          (error: GatewayError) => error,
        );
  };
  const datasets = loadDatasets(schema);
  // A subscription counts against its token even before the upstream accepted it: a token it refuses
  // never holds a subscription (the first poll fails), so a sprayer of tokens gains nothing.
  const subscriber: VerifiedCredentials = { ...verified, isAcceptedToken: () => true };
  /** A subscription's context over `transport`: the caller its headers (or a WebSocket's connection parameters) name. */
  const socketContext = (transport: SubscriptionTransport) => (headers: http.IncomingHttpHeaders, address: string) =>
    createContext(
      shared,
      {
        credentials: credentialsFor(headers, auth),
        clientAddress: address,
        clientKey: clientOf(headers, address, subscriber).key,
        transport,
      },
      { maxConcurrency: options.upstreamMaxConcurrency, dedupe: options.dedupe },
      apps,
    ) as GatewayContext;
  // Every transport checks a subscription alike (trusted documents included), and identical ones of a caller share one execution.
  const checkSubscription = subscriptionChecker(schema, limits, options.trustedDocuments);
  const sharing = new SharedSubscriptions(() => metrics.liveExecution());
  // An upgrade is admitted as a request is: browsers apply no CORS to a WebSocket, so the origins are checked here; then the rate limit.
  const upgradeRefusal = async (request: http.IncomingMessage): Promise<number | undefined> => {
    if (!originAllowed(request, allowedOrigins)) return 403;
    const address = request.socket.remoteAddress ?? 'unknown';
    const verdict = await shared.rateLimits.request(clientOf(request.headers, address, verified), address);
    return verdict.allowed ? undefined : 429;
  };
  const subscriptions = serveSubscriptions(httpServer, {
    schema,
    check: checkSubscription,
    contextFor: socketContext('websocket'),
    sharing,
    refusalOf: upgradeRefusal,
    logger: options.logger,
  });
  app.get('/export', ...admission, catalogHandler(datasets, refusalFor));
  app.get('/export/:file', ...admission, exportHandler(apollo, datasets, contextFor, refusalFor));
  app.use(
    '/graphql',
    ...admission,
    express.json({ limit: MAX_REQUEST_BODY }),
    // Before the subscription transports: a subscription named by its hash is a listed one too.
    ...(options.trustedDocuments ? [trustedDocuments(options.trustedDocuments)] : []),
    sseSubscriptions(schema, checkSubscription, socketContext('sse'), sharing),
    multipartSubscriptions(checkSubscription, socketContext('multipart'), sharing),
    persistedQueryRegistrations(shared.rateLimits),
    expressMiddleware(apollo, { context: ({ req, res }) => contextFor(req, res) }),
  );
  app.use(routeNotFoundHandler());
  app.use(refusalErrorHandler(options.logger, MAX_REQUEST_BODY));

  return {
    httpServer,
    listen: (port, host) => listenOn(httpServer, port, host, '/graphql'),
    upstreamReachable: () => reachable(client),
    beginShutdown: () => {
      readiness.shuttingDown = true;
    },
    listenMetrics: (port, host) => {
      const metricsApp = express();
      metricsApp.disable('x-powered-by');
      metricsApp.get('/metrics', serveMetrics);
      metricsServer = http.createServer(metricsApp);
      return listenOn(metricsServer, port, host, '/metrics');
    },
    stop: async () => {
      readiness.shuttingDown = true;
      metricsServer?.closeAllConnections();
      await new Promise((resolve) => (metricsServer ? metricsServer.close(resolve) : resolve(undefined)));
      await shared.livePollers.close();
      await subscriptions.close();
      await apollo.stop();
      running.logCutShort(options.logger);
      client.close();
      await redis?.close();
    },
  };
}

/** Listens and resolves with the URL of `path` there. */
function listenOn(server: http.Server, port: number, host: string, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: bound } = server.address() as AddressInfo;
      resolve(`http://${host.includes(':') ? `[${host}]` : host}:${bound}${path}`);
    });
  });
}

/**
 * Same-origin only unless configured: a page elsewhere must not borrow the gateway's service account.
 * An origin ending in `:*` stands for any port of it (`http://localhost:*`).
 */
function corsOrigin(origins: string[]): boolean | Array<string | RegExp> {
  if (origins.includes('*')) return true;
  const allowed = origins.map((origin) =>
    origin.endsWith(':*') ? new RegExp(`^${escapeRegExp(origin.slice(0, -2))}(:\\d{1,5})?$`) : origin,
  );
  return allowed.length ? allowed : false;
}

/**
 * Whether a request's `Origin` may use the gateway as CORS would let it: no Origin (not a browser),
 * the gateway's own origin (the bundled GraphiQL), or one of the configured origins.
 */
function originAllowed(request: http.IncomingMessage, allowed: boolean | Array<string | RegExp>): boolean {
  const origin = request.headers.origin;
  if (!origin || allowed === true) return true;
  try {
    if (new URL(origin).host === request.headers.host) return true;
  } catch {
    return false;
  }
  return Array.isArray(allowed) && allowed.some((entry) => (typeof entry === 'string' ? entry === origin : entry.test(origin)));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
