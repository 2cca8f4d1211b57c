/**
 * Builds the gateway (Apollo Server on express) without listening; main.ts and the tests listen.
 * Routes: POST /graphql (the API), GET /graphql (Apollo Sandbox), GET / (redirect), GET /healthz.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { expressMiddleware } from '@as-integrations/express5';
import cors from 'cors';
import express from 'express';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ServiceAccount } from './apps/auth/service-account';
import { createContext, type GatewayContext } from './context';
import { credentialsFor } from './apps/auth/credentials';
import { ErrorCode } from './core/errors';
import { IdempotencyStore } from './core/idempotency';
import { UpstreamClient } from './core/http/upstream-client';
import type { Logger } from './core/logger';
import { buildGatewaySchema } from './schema';

export interface GatewayOptions {
  upstreamBaseUrl: string;
  upstreamTimeoutMs: number;
  upstreamMaxConcurrency: number;
  dedupe: boolean;
  introspection: boolean;
  serviceAccount?: { email: string; password: string };
  logger: Logger;
}

export interface Gateway {
  httpServer: http.Server;
  /** Listens and resolves with the URL of the GraphQL endpoint. */
  listen(port: number, host: string): Promise<string>;
  stop(): Promise<void>;
}

export async function createGateway(options: GatewayOptions): Promise<Gateway> {
  const client = new UpstreamClient({ baseUrl: options.upstreamBaseUrl, timeoutMs: options.upstreamTimeoutMs });
  const serviceAccount = options.serviceAccount ? new ServiceAccount(client, options.serviceAccount) : undefined;
  const shared = { client, idempotency: new IdempotencyStore({ maxEntries: 10_000, ttlMs: 24 * 3600_000 }) };
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
      options.introspection
        ? ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false })
        : ApolloServerPluginLandingPageDisabled(),
      upstreamStatsPlugin(),
    ],
  });
  await apollo.start();

  app.disable('x-powered-by');
  app.get('/', (_req, res) => res.redirect('/graphql'));
  app.get('/healthz', (_req, res) => res.json({ ok: true }));
  app.use(
    '/graphql',
    cors(),
    express.json({ limit: '2mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) =>
        createContext(shared, credentialsFor(req.headers.authorization, serviceAccount), {
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

/** Reports what the request cost upstream, so clients and tests can see it. */
function upstreamStatsPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          if (response.body.kind !== 'single' || !contextValue?.upstream) return;
          const { requests, ms } = contextValue.upstream.stats;
          response.body.singleResult.extensions = {
            ...response.body.singleResult.extensions,
            upstream: { requests, ms: Math.round(ms) },
          };
        },
      };
    },
  };
}

/** Errors raised on purpose pass through with their code; anything else is logged and masked. */
function maskUnexpectedError(formatted: GraphQLFormattedError, error: unknown, logger: Logger): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof GraphQLError) return formatted;
  logger.error({ err: original, path: formatted.path }, 'unexpected error in a resolver');
  return {
    message: 'Internal error in the gateway; it has been logged',
    path: formatted.path,
    locations: formatted.locations,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}
