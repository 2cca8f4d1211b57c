/**
 * OpenTelemetry traces from a real gateway process (instrumentation records nothing inside jest's
 * module system, so the compiled gateway runs as its own process) to a small OTLP/HTTP receiver here:
 * the caller's `traceparent` continued, one span per upstream attempt under the operation, and the
 * trace context sent on to the upstream.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { print } from 'graphql';
import fetch from 'node-fetch';
import { UsersPageDocument } from '../../schema/generated/operations';
import { UnduitSimulator } from '../../src/simulator/server';
import { startGatewayProcess } from '../support/gateway-process';

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes: Array<{ key: string; value: { stringValue?: string; intValue?: number | string } }>;
}

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN = '00f067aa0ba902b7';

let simulator: UnduitSimulator;
let receiver: http.Server;
const spans: OtlpSpan[] = [];
let gateway: Awaited<ReturnType<typeof startGatewayProcess>>;

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      if (req.url === '/v1/traces') {
        const batch = JSON.parse(body) as { resourceSpans: Array<{ scopeSpans: Array<{ spans: OtlpSpan[] }> }> };
        for (const resource of batch.resourceSpans) for (const scope of resource.scopeSpans) spans.push(...scope.spans);
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  simulator = new UnduitSimulator();
  const upstream = await simulator.listen(0);
  gateway = await startGatewayProcess({
    UNDUIT_BASE_URL: upstream,
    PORT: '0',
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`,
    OTEL_BSP_SCHEDULE_DELAY: '50',
  });
}, 30_000);
afterAll(async () => {
  await gateway?.stop();
  await simulator?.stop();
  await new Promise((resolve) => receiver?.close(resolve));
});

const attribute = (span: OtlpSpan, key: string) => {
  const value = span.attributes.find((entry) => entry.key === key)?.value;
  return value?.stringValue ?? (value?.intValue === undefined ? undefined : Number(value.intValue));
};

async function spansOfTrace(
  until: (trace: OtlpSpan[]) => boolean,
  deadline = Date.now() + 10_000,
  traceId = TRACE_ID,
): Promise<OtlpSpan[]> {
  for (;;) {
    const trace = spans.filter((span) => span.traceId === traceId);
    if (until(trace)) return trace;
    if (Date.now() > deadline) throw new Error(`spans not exported within 10 s: ${JSON.stringify(trace.map((span) => span.name))}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

it("continues the caller's trace: the operation, one span per upstream attempt (a retried read twice), and traceparent sent upstream", async () => {
  // The gateway's start-up probe of the upstream is not part of this trace.
  simulator.clearLog();
  simulator.injectFault({ path: '/users', status: 503, times: 1 });
  const response = await fetch(gateway.endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${simulator.tokenFor(317)}`,
      traceparent: `00-${TRACE_ID}-${CALLER_SPAN}-01`,
    },
    body: JSON.stringify({ query: print(UsersPageDocument), operationName: 'UsersPage', variables: { page: 2 } }),
  });
  const answer = (await response.json()) as { errors?: unknown; data?: { users: { items: unknown[] } } };
  expect(answer.errors).toBeUndefined();
  expect(answer.data!.users.items).toHaveLength(10);

  // Spans are exported in batches as they end: the server's ends last, after the answer is sent.
  const trace = await spansOfTrace(
    (found) =>
      found.filter((span) => span.name === 'upstream GET /users').length === 2 &&
      found.some((span) => span.parentSpanId === CALLER_SPAN) &&
      found.some((span) => attribute(span, 'graphql.operation.name') === 'UsersPage'),
  );
  const server = trace.find((span) => span.parentSpanId === CALLER_SPAN);
  expect(server).toBeDefined();
  expect(trace.some((span) => attribute(span, 'graphql.operation.name') === 'UsersPage')).toBe(true);

  const attempts = trace
    .filter((span) => span.name === 'upstream GET /users')
    .sort((a, b) => Number(attribute(a, 'unduit.attempt')) - Number(attribute(b, 'unduit.attempt')));
  expect(
    attempts.map((span) => [attribute(span, 'unduit.endpoint'), attribute(span, 'unduit.attempt'), attribute(span, 'unduit.status')]),
  ).toEqual([
    ['GET /users', 0, '503'],
    ['GET /users', 1, '2xx'],
  ]);

  // The upstream received the same trace, from an HTTP client span under each attempt's span.
  const upstreamCalls = simulator.requestLog.filter((entry) => entry.path === '/users');
  expect(upstreamCalls).toHaveLength(2);
  for (const [index, call] of upstreamCalls.entries()) {
    const [, traceId, parentSpan] = call.traceparent!.split('-');
    expect(traceId).toBe(TRACE_ID);
    const client = trace.find((span) => span.spanId === parentSpan);
    expect(client?.parentSpanId).toBe(attempts[index].spanId);
  }
  // Never a variable's value or a token in a span.
  expect(JSON.stringify(trace)).not.toMatch(/Bearer|eyJ/);
});

it('keeps credentials and personal data out of spans: a login sent by GET is refused, query strings are redacted in and out', async () => {
  const TRACE = 'a3ce929d0e0e47364bf92f3577b34da6';
  const traceparent = `00-${TRACE}-${CALLER_SPAN}-01`;
  const login = encodeURIComponent('mutation { login(email: "jane.smith@example.com", password: "hunter2-secret") { token } }');
  const refused = await fetch(`${gateway.endpoint}?query=${login}`, { headers: { traceparent, 'apollo-require-preflight': 'true' } });
  expect(refused.status).toBe(400);
  expect(((await refused.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0].extensions.code).toBe('BAD_REQUEST');

  const email = simulator.companies[0].users[0].email;
  const byEmail = encodeURIComponent(`query { users(email: "${email}") { items { email } } }`);
  const answered = await fetch(`${gateway.endpoint}?query=${byEmail}`, {
    headers: { traceparent, 'apollo-require-preflight': 'true', authorization: `Bearer ${simulator.tokenFor(simulator.companies[0].id)}` },
  });
  expect(answered.status).toBe(200);

  const trace = await spansOfTrace(
    (found) =>
      found.filter((span) => span.parentSpanId === CALLER_SPAN).length === 2 && found.some((span) => span.name === 'upstream GET /users'),
    Date.now() + 10_000,
    TRACE,
  );
  const text = JSON.stringify(trace);
  expect(text).not.toContain('hunter2-secret');
  expect(text).not.toContain(email);
  expect(text).not.toContain(encodeURIComponent(email));
  // The upstream read is still traced, its URL without the value.
  expect(trace.some((span) => String(attribute(span, 'url.full') ?? '').includes('email=REDACTED'))).toBe(true);
});
