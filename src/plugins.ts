/**
 * Apollo Server plugins and the error formatter: what every response reports about its upstream
 * cost, the one log line per operation, and the one place unexpected errors are masked.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { GatewayContext } from './context';
import { ErrorCode } from './core/errors';
import type { Logger } from './core/logger';

/** Reports what the request cost upstream, so clients and tests can see it. */
export function upstreamStatsPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          if (response.body.kind !== 'single' || !contextValue?.upstream) return;
          const { requests, cacheHits, ms } = contextValue.upstream.stats;
          response.body.singleResult.extensions = {
            ...response.body.singleResult.extensions,
            upstream: { requests, cacheHits, ms: Math.round(ms) },
          };
        },
      };
    },
  };
}

/** One line per operation: its name, cost and error codes. Never variables (they may hold a password). */
export function requestLogPlugin(logger: Logger): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ contextValue, operationName, errors }) {
          logger.info(
            {
              operation: operationName ?? null,
              ms: Math.round(performance.now() - started),
              upstream: contextValue?.upstream?.stats,
              errors: errors?.map((error) => error.extensions?.code ?? 'INTERNAL_SERVER_ERROR'),
            },
            'graphql request',
          );
        },
      };
    },
  };
}

/** Errors raised on purpose pass through with their code; anything else is logged and masked. */
export function maskUnexpectedError(formatted: GraphQLFormattedError, error: unknown, logger: Logger): GraphQLFormattedError {
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
