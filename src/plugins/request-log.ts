import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../context';
import type { Logger } from '../core/logger';

/** Operations running now, so shutdown can say which ones its drain period cut short. */
export class RunningOperations {
  private readonly running = new Map<object, { operation: string | null; started: number }>();

  start(key: object): void {
    this.running.set(key, { operation: null, started: performance.now() });
  }

  name(key: object, operation: string | null): void {
    const entry = this.running.get(key);
    if (entry) entry.operation = operation;
  }

  end(key: object): void {
    this.running.delete(key);
  }

  /** Logs every operation still running (called once the drain period is over), then forgets them. */
  logCutShort(logger: Logger): void {
    for (const { operation, started } of this.running.values()) {
      logger.warn({ operation, ms: Math.round(performance.now() - started) }, 'graphql request cut short at shutdown');
    }
    this.running.clear();
  }
}

/** One line per operation: its name, cost and error codes. Never variables (they may hold a password). */
export function requestLogPlugin(logger: Logger, running: RunningOperations): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart(requestContext) {
      const started = performance.now();
      running.start(requestContext);
      return {
        async didResolveOperation({ operationName }) {
          running.name(requestContext, operationName ?? null);
        },
        async willSendResponse({ contextValue, operationName, errors }) {
          running.end(requestContext);
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
