/**
 * GraphQL subscriptions over Server-Sent Events (graphql-sse, "distinct connections": `POST /graphql`
 * with `Accept: text/event-stream`, events `next` and `complete`), for curl, EventSource-style clients
 * and proxies that handle plain HTTP best. Credentials as for any request (`Authorization`,
 * `X-Api-Key`). `X-Accel-Buffering: no` keeps buffering proxies from holding events, and the library's
 * comment line every 12 s keeps idle ones from cutting the stream. Only subscriptions
 * (subscription-operation.ts); any other request goes on to the JSON endpoint.
 */
import type http from 'node:http';
import type { ExecutionResult, GraphQLSchema } from 'graphql';
import { createHandler } from 'graphql-sse/lib/use/express';
import type { RequestHandler } from 'express';
import type { GatewayContext } from '../context';
import type { SharedSubscriptions } from './shared-subscriptions';
import { publicResult, type SubscriptionArgs, type SubscriptionCheck } from './subscription-operation';

export function sseSubscriptions(
  schema: GraphQLSchema,
  check: SubscriptionCheck,
  contextFor: (headers: http.IncomingHttpHeaders, address: string) => GatewayContext,
  sharing: SharedSubscriptions,
): RequestHandler {
  // graphql-sse types its context as a plain record; ours is the gateway's request context.
  type Context = GatewayContext & Record<PropertyKey, unknown>;
  const handler = createHandler<Context>({
    schema,
    onSubscribe: (req, params) => {
      const args = check(params, () => contextFor(req.raw.headers, req.raw.socket.remoteAddress ?? 'unknown'));
      // graphql-sse takes a result only with a `data` key.
      return 'schema' in args ? (args as typeof args & { contextValue: Context }) : { data: null, errors: [...args] };
    },
    subscribe: (args) => sharing.subscribe(args as unknown as SubscriptionArgs),
    onNext: (_ctx, _req, result) => publicResult(result as ExecutionResult) as ExecutionResult,
  });
  return (req, res, next) => {
    if (req.method !== 'POST' || !req.headers.accept?.includes('text/event-stream')) return next();
    res.setHeader('x-accel-buffering', 'no');
    handler(req, res).catch(next);
  };
}
