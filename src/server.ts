/**
 * Builds the gateway (Apollo Server on express) without listening; main.ts and the tests listen.
 * Routes: POST /graphql (the API), GET /graphql (Apollo Sandbox), GET / (redirect), GET /healthz.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { expressMiddleware } from '@as-integrations/express5';
import cors from 'cors';
import express from 'express';
import { ServiceAccount } from './apps/auth/service-account';
import { createContext, type GatewayContext, type SharedState } from './context';
import { ApiKeys, credentialsFor, type AuthSettings } from './apps/auth/credentials';
import type { CacheConfig } from './config';
import { MemoryCacheStore } from './core/cache/cache-store';
import { systemClock, type Clock } from './core/clock';
import { queryCostPlugin } from './core/graph/query-cost';
import { SharedGetCache } from './core/http/shared-get-cache';
import { IdempotencyStore } from './core/idempotency';
import { UpstreamClient } from './core/http/upstream-client';
import type { Logger } from './core/logger';
import { maskUnexpectedError, requestLogPlugin, upstreamStatsPlugin } from './plugins';
import { buildGatewaySchema } from './schema';

export interface GatewayOptions {
  upstreamBaseUrl: string;
  upstreamTimeoutMs: number;
  upstreamMaxConcurrency: number;
  dedupe: boolean;
  introspection: boolean;
  serviceAccount?: { email: string; password: string };
  apiKeys?: string[];
  allowAnonymous?: boolean;
  /** Absent: no cache across requests. */
  cache?: CacheConfig;
  /** Largest estimated query size served (default 20,000). */
  maxQueryCost?: number;
  /** Browser origins allowed by CORS; `*` for any. Absent or empty: same-origin only. */
  corsOrigins?: string[];
  logger: Logger;
  clock?: Clock;
}

export interface Gateway {
  httpServer: http.Server;
  /** Listens and resolves with the URL of the GraphQL endpoint. */
  listen(port: number, host: string): Promise<string>;
  stop(): Promise<void>;
}

export async function createGateway(options: GatewayOptions): Promise<Gateway> {
  const clock = options.clock ?? systemClock;
  const client = new UpstreamClient({ baseUrl: options.upstreamBaseUrl, timeoutMs: options.upstreamTimeoutMs });
  const auth: AuthSettings = {
    serviceAccount: options.serviceAccount ? new ServiceAccount(client, options.serviceAccount, clock) : undefined,
    apiKeys: new ApiKeys(options.apiKeys ?? []),
    allowAnonymous: options.allowAnonymous ?? false,
  };
  const shared: SharedState = {
    client,
    idempotency: new IdempotencyStore({ maxEntries: 10_000, ttlMs: 24 * 3600_000 }),
    sharedCache: options.cache && sharedCacheFor(options.cache, clock),
  };
  const app = express();
  const httpServer = http.createServer(app);

  const apollo = new ApolloServer<GatewayContext>({
    schema: await buildGatewaySchema(),
    introspection: options.introspection,
    includeStacktraceInErrorResponses: false,
    // main.ts owns shutdown (gateway, then the embedded simulator).
    stopOnTerminationSignals: false,
    formatError: (formatted, error) => maskUnexpectedError(formatted, error, options.logger),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // No HTTP cache hints are served; computing them wraps every field resolver (bench: ~5% CPU).
      ApolloServerPluginCacheControlDisabled(),
      options.introspection
        ? ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false })
        : ApolloServerPluginLandingPageDisabled(),
      queryCostPlugin(options.maxQueryCost ?? 20_000),
      upstreamStatsPlugin(),
      requestLogPlugin(options.logger),
    ],
  });
  await apollo.start();

  app.disable('x-powered-by');
  app.get('/', (_req, res) => res.redirect('/graphql'));
  app.get('/healthz', (_req, res) => res.json({ ok: true }));
  app.use(
    '/graphql',
    cors({ origin: corsOrigin(options.corsOrigins ?? []) }),
    express.json({ limit: '2mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) =>
        createContext(shared, credentialsFor(req.headers, auth), {
          maxConcurrency: options.upstreamMaxConcurrency,
          dedupe: options.dedupe,
        }),
    }),
  );

  return {
    httpServer,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          const { port: bound } = httpServer.address() as AddressInfo;
          resolve(`http://${host.includes(':') ? `[${host}]` : host}:${bound}/graphql`);
        });
      }),
    stop: async () => {
      await apollo.stop();
      client.close();
    },
  };
}

/** Same-origin only unless configured: a page elsewhere must not borrow the gateway's service account. */
function corsOrigin(origins: string[]): boolean | string[] {
  if (origins.includes('*')) return true;
  return origins.length ? origins : false;
}

function sharedCacheFor(config: CacheConfig, clock: Clock): SharedGetCache {
  return new SharedGetCache({
    store: new MemoryCacheStore({ maxBytes: config.maxBytes, clock }),
    ttlMsFor: (endpoint) => config.ttlMs[endpoint] ?? 0,
    clock,
  });
}
