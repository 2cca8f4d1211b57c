/**
 * GraphQL subscriptions over WebSocket (`graphql-transport-ws`, the graphql-ws library with ws) on
 * `/graphql`: what GraphiQL, Apollo Sandbox and Apollo Client's `GraphQLWsLink` speak. Credentials
 * come in `connectionParams` (`{ "authorization": "Bearer ..." }` or `{ "x-api-key": "..." }`: a
 * browser cannot set headers on a WebSocket) or in the upgrade request's headers. Only subscriptions
 * are served here (subscription-operation.ts).
 */
import { STATUS_CODES } from 'node:http';
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import type { FormattedExecutionResult, GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { GatewayContext } from '../context';
import type { Logger } from '../core/logger';
import { MAX_REQUEST_BODY_BYTES } from './body-limit';
import type { SharedSubscriptions } from './shared-subscriptions';
import { publicResult, type SubscriptionArgs, type SubscriptionCheck } from './subscription-operation';

export interface SubscriptionServer {
  /** Ends every socket (shutdown). */
  close(): Promise<void>;
}

export interface WebSocketSettings {
  schema: GraphQLSchema;
  check: SubscriptionCheck;
  contextFor: (headers: http.IncomingHttpHeaders, address: string) => GatewayContext;
  sharing: SharedSubscriptions;
  /** Why an upgrade is refused, as an HTTP status (a page elsewhere, a client over its rate), or undefined: it may connect. */
  refusalOf: (request: http.IncomingMessage) => Promise<number | undefined>;
  logger: Logger;
}

export function serveSubscriptions(
  httpServer: http.Server,
  { schema, check, contextFor, sharing, refusalOf, logger }: WebSocketSettings,
): SubscriptionServer {
  // `noServer`: the HTTP server's own errors (a port in use) stay its own, not the WebSocket server's.
  // A message over the HTTP body limit closes the socket (1009) before it is parsed.
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_REQUEST_BODY_BYTES });
  httpServer.on('upgrade', (request: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    if (new URL(request.url ?? '/', 'http://gateway').pathname !== '/graphql') return void socket.destroy();
    refusalOf(request).then(
      (status) => {
        if (status) return void socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
        sockets.handleUpgrade(request, socket, head, (client) => {
          sockets.emit('connection', client, request);
          // graphql-ws prints a socket's error (a malformed or oversized frame: ws has already closed
          // it with its code) with console.error, a stack per hostile client; one warning line instead.
          client.removeAllListeners('error');
          client.on('error', (error: Error & { code?: string }) =>
            logger.warn({ code: error.code ?? 'unknown' }, 'WebSocket closed on a protocol error from the client'),
          );
        });
      },
      () => socket.destroy(),
    );
  });
  const server = useServer(
    {
      schema,
      onSubscribe: (ctx, _id, payload) => {
        const request = ctx.extra.request;
        const params = Object.fromEntries(
          Object.entries(ctx.connectionParams ?? {}).map(([name, value]) => [name.toLowerCase(), String(value)]),
        );
        return check(payload, () => contextFor({ ...request.headers, ...params }, request.socket.remoteAddress ?? 'unknown'));
      },
      subscribe: (args) => sharing.subscribe(args as SubscriptionArgs),
      onNext: (_ctx, _id, _payload, _args, result) => publicResult(result) as FormattedExecutionResult,
    },
    sockets,
  );
  return {
    close: async () => {
      await server.dispose();
      await new Promise((resolve) => sockets.close(resolve));
    },
  };
}
