import { createHash } from 'node:crypto';
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

/** What the request's log line says of its operation: name, caller, cost, error codes; never variables. */
export function requestLogPlugin(running: RunningOperations): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart(requestContext) {
      running.start(requestContext);
      return {
        async didResolveOperation({ operationName }) {
          running.name(requestContext, operationName ?? null);
        },
        async willSendResponse({ contextValue, operationName, request, errors }) {
          running.end(requestContext);
          if (!contextValue?.logFields) return;
          contextValue.logFields.graphql = {
            operation: operationName ?? anonymous(request.query),
            principal: principalOf(contextValue.principal),
            upstream: contextValue.upstream?.stats,
            errors: errors?.map((error) => error.extensions?.code ?? 'INTERNAL_SERVER_ERROR'),
          };
        },
      };
    },
  };
}

/** An unnamed operation, told apart by a short hash of its document. */
function anonymous(query: string | undefined): string {
  return query ? `anonymous:${createHash('sha256').update(query).digest('hex').slice(0, 8)}` : 'anonymous';
}

/** The caller's kind and a short hash: never the token, nor the service account's email. */
function principalOf(principal: string | null): { kind: string; hash: string } | null {
  if (!principal) return null;
  const [kind] = principal.split(':', 1);
  return { kind, hash: createHash('sha256').update(principal).digest('hex').slice(0, 12) };
}
