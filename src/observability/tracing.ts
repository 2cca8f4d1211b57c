/**
 * OpenTelemetry traces, on only when `OTEL_EXPORTER_OTLP_ENDPOINT` is set (the SDK is not even loaded
 * otherwise: it costs about 17 MB). main.ts imports this module first, before anything loads `http`
 * or express, because the instrumentations patch those modules as they are required.
 *
 * What a trace holds: the incoming HTTP request (continuing the caller's `traceparent`), express's
 * route, GraphQL's parse/validate/execute with the operation's name (resolver spans off: one span per
 * field would drown the upstream calls), one `upstream <endpoint>` span per attempt of each upstream
 * call (core/traffic/upstream-span.ts: endpoint, attempt, status), and under it the HTTP
 * client's span (undici), which sends `traceparent` on to the Unduit API. Exported over OTLP/HTTP (JSON).
 *
 * The OTEL_* variables are OpenTelemetry's own, read by its SDK (service name, sampler, batch delay,
 * headers); this is the one reader of them outside config.ts. Metrics and logs go through
 * prom-client and pino, so the SDK's own metric and log exporters are switched off.
 */
import { traceUpstreamCalls } from '../core/traffic/upstream-span';

const endpoint = process.env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();

/** Sends the spans still buffered and stops the SDK; main.ts awaits it before the process exits. */
export let flushTraces: () => Promise<void> = async () => undefined;

/** Query parameters whose values may hold credentials or personal data, on the way in and on the way out. */
export const REDACTED_QUERY_PARAMETERS = [
  'query',
  'variables',
  'extensions',
  'email',
  'password',
  'token',
  'access_token',
  'api_key',
  'apikey',
];

/** `url.full` and `url.query` with the values of REDACTED_QUERY_PARAMETERS replaced. */
function redactedUrl(full: string): Record<string, string> {
  const url = new URL(full);
  for (const name of REDACTED_QUERY_PARAMETERS) if (url.searchParams.has(name)) url.searchParams.set(name, 'REDACTED');
  return { 'url.full': url.toString(), 'url.query': url.search };
}

if (endpoint) {
  process.env.OTEL_METRICS_EXPORTER ??= 'none';
  process.env.OTEL_LOGS_EXPORTER ??= 'none';
  process.env.OTEL_SERVICE_NAME ??= 'unduit-graphql-gateway';
  // Loaded only here: nothing of the SDK is in memory when tracing is off.
  const { NodeSDK } = require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const { OTLPTraceExporter } =
    require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { UndiciInstrumentation } =
    require('@opentelemetry/instrumentation-undici') as typeof import('@opentelemetry/instrumentation-undici');
  const { ExpressInstrumentation, ExpressLayerType } =
    require('@opentelemetry/instrumentation-express') as typeof import('@opentelemetry/instrumentation-express');
  const { GraphQLInstrumentation } =
    require('@opentelemetry/instrumentation-graphql') as typeof import('@opentelemetry/instrumentation-graphql');
  const sdk = new NodeSDK({
    traceExporter: new OTLPTraceExporter(),
    instrumentations: [
      new HttpInstrumentation({
        // Values of these query parameters never enter a span (`url.query`, `url.full`): a GraphQL GET
        // carries the document and variables, an upstream read an employee's email.
        redactedQueryParams: REDACTED_QUERY_PARAMETERS,
        redactedQueryParamsServer: REDACTED_QUERY_PARAMETERS,
        // Probes and scrapes would outnumber real requests.
        ignoreIncomingRequestHook: (request) => ['/healthz', '/readyz', '/metrics'].includes((request.url ?? '').split('?')[0]),
      }),
      // The upstream calls (core/http/upstream-client.ts), their URLs redacted as above.
      new UndiciInstrumentation({ startSpanHook: (request) => redactedUrl(request.origin + request.path) }),
      // The route's span, not one per middleware (CORS, body parser...).
      new ExpressInstrumentation({ ignoreLayersType: [ExpressLayerType.MIDDLEWARE] }),
      // Never the variables (they hold emails and addresses); no span per resolver.
      new GraphQLInstrumentation({ ignoreResolveSpans: true, allowValues: false, mergeItems: true }),
    ],
  });
  sdk.start();
  traceUpstreamCalls();
  flushTraces = () => sdk.shutdown();
}
