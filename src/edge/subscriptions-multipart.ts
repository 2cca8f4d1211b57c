/**
 * GraphQL subscriptions over multipart HTTP (Apollo's protocol, `subscriptionSpec=1.0`): what Apollo
 * Client's default `HttpLink` sends for a subscription (`POST /graphql`, `Accept: multipart/mixed`),
 * so a frontend needs no WebSocket setup. Each event is a part `{"payload": <result>}`, a heartbeat
 * part `{}` goes out every 5 s, and the final boundary ends the stream. Only subscriptions
 * (subscription-operation.ts); any other request goes on to the JSON endpoint.
 */
import type http from 'node:http';
import { getOperationAST, parse, type ExecutionResult } from 'graphql';
import type { RequestHandler, Response } from 'express';
import type { GatewayContext } from '../context';
import type { SharedSubscriptions } from './shared-subscriptions';
import { publicResult, type SubscriptionCheck, type SubscriptionRequest } from './subscription-operation';

/** Apollo's protocol: a heartbeat at most every 5 s keeps the connection known to be alive. */
const HEARTBEAT_MS = 5_000;
const BOUNDARY = '\r\n--graphql';

export function multipartSubscriptions(
  check: SubscriptionCheck,
  contextFor: (headers: http.IncomingHttpHeaders, address: string) => GatewayContext,
  sharing: SharedSubscriptions,
): RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'POST' || !/multipart\/mixed/i.test(req.headers.accept ?? '') || !isSubscription(req.body)) return next();
    const args = check(req.body as SubscriptionRequest, () => contextFor(req.headers, req.ip ?? 'unknown'));
    if (!('schema' in args)) return void res.status(400).json(publicResult({ errors: args }));
    stream(res, sharing.subscribe(args)).catch(() => res.destroy());
  };
}

function isSubscription(body: unknown): boolean {
  const { query, operationName } = (body ?? {}) as { query?: unknown; operationName?: unknown };
  if (typeof query !== 'string') return false;
  try {
    return getOperationAST(parse(query), typeof operationName === 'string' ? operationName : undefined)?.operation === 'subscription';
  } catch {
    return false;
  }
}

async function stream(res: Response, started: Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult>): Promise<void> {
  const result = await started;
  res.writeHead(200, {
    'content-type': 'multipart/mixed;boundary="graphql";subscriptionSpec="1.0"',
    'cache-control': 'no-cache',
    'x-accel-buffering': 'no',
  });
  // Each part ends with the boundary, so a client reads it at once rather than when the next one comes.
  res.write(BOUNDARY);
  const part = (message: object) =>
    res.write(`\r\ncontent-type: application/json; charset=utf-8\r\n\r\n${JSON.stringify(message)}${BOUNDARY}`);
  if (!(Symbol.asyncIterator in result)) {
    part({ payload: publicResult(result) });
    return void res.end('--\r\n');
  }
  const heartbeat = setInterval(() => part({}), HEARTBEAT_MS);
  res.on('close', () => void result.return?.());
  try {
    for await (const event of result) part({ payload: publicResult(event) });
  } finally {
    clearInterval(heartbeat);
    if (!res.writableEnded) res.end('--\r\n');
  }
}
