/**
 * One trace span per upstream exchange (each attempt of a retried read is its own span), named
 * `upstream <endpoint>` with the endpoint's declared name, the attempt (0 for the first) and the
 * outcome (`2xx`, an HTTP status, `timeout` or `network`). Active while the call is sent, so the HTTP
 * client span, and the `traceparent` it sends upstream, sit under it. Without a tracing SDK
 * (observability/tracing.ts) no span is made at all.
 */
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';

const tracer = trace.getTracer('unduit-graphql-gateway');

/** Off until observability/tracing.ts starts the SDK: the exchange then runs bare, with no span or context. */
let tracing = false;

export function traceUpstreamCalls(): void {
  tracing = true;
}

/** `outcomeOf` names the failure the same way the metrics do. */
export function inUpstreamSpan<T>(
  endpoint: string,
  attempt: number,
  outcomeOf: (error: unknown) => string,
  exchange: () => Promise<T>,
): Promise<T> {
  if (!tracing) return exchange();
  return tracer.startActiveSpan(
    `upstream ${endpoint}`,
    { kind: SpanKind.CLIENT, attributes: { 'unduit.endpoint': endpoint, 'unduit.attempt': attempt } },
    async (span) => {
      try {
        const answer = await exchange();
        span.setAttribute('unduit.status', '2xx');
        return answer;
      } catch (error) {
        span.setAttribute('unduit.status', outcomeOf(error));
        span.setStatus({ code: SpanStatusCode.ERROR });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}
