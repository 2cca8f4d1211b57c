import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../context';
import type { Logger } from '../core/logger';

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
