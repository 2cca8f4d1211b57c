/**
 * Every refusal at the HTTP edge is GraphQL JSON with a code and the right status, never HTML or a
 * stack trace, and no request body ever reaches a log line (the malformed `login` of the hostile-input
 * review, whose JSON parser message would quote the password).
 */
import fetch from 'node-fetch';
import { startHarness, type Harness } from '../support/harness';

let harness: Harness;
const stderr: string[] = [];
let restoreStderr: () => void;

beforeAll(async () => {
  // express's own error handler prints stack traces (and the body excerpt a JSON error quotes) unless
  // NODE_ENV is `test`, as it is under jest: run the gateway as a developer would, to see it if it comes back.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'development';
  harness = await startHarness({ gateway: { introspection: false } });
  process.env.NODE_ENV = nodeEnv;
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string | Uint8Array) => (stderr.push(String(chunk)), true)) as typeof process.stderr.write;
  restoreStderr = () => (process.stderr.write = write);
});
afterAll(async () => {
  restoreStderr();
  await harness.stop();
});

const PASSWORD = 'hunter2-secret-password';
const json = { 'content-type': 'application/json' };

async function post(body: string, headers: Record<string, string> = json, path = '/graphql') {
  const response = await fetch(harness.endpoint.replace('/graphql', path), { method: 'POST', headers, body });
  const text = await response.text();
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    text,
    body: JSON.parse(text) as { errors: Array<{ message: string; extensions: { code: string } }> },
  };
}

it.each<[string, string, Record<string, string>, number, string]>([
  [
    'a login mutation missing its last brace',
    `{"query":"mutation { login(email: \\"a@b.c\\", password: \\"${PASSWORD}\\") { token } }"`,
    json,
    400,
    'BAD_REQUEST',
  ],
  ['null as the body', 'null', json, 400, 'BAD_REQUEST'],
  ['42 as the body', '42', json, 400, 'BAD_REQUEST'],
  ['an empty body', '', json, 400, 'BAD_REQUEST'],
  [
    'a body over the limit',
    JSON.stringify({ query: '{ __typename }', padding: 'x'.repeat(3 * 1024 * 1024) }),
    json,
    413,
    'PAYLOAD_TOO_LARGE',
  ],
  ['text/plain (a cross-site form could send it)', '{"query":"{ __typename }"}', { 'content-type': 'text/plain' }, 400, 'BAD_REQUEST'],
])('%s: GraphQL JSON with its code and status', async (_name, body, headers, status, code) => {
  const answer = await post(body, headers);
  expect(answer.status).toBe(status);
  expect(answer.contentType).toMatch(/^application\/(graphql-response\+)?json/);
  expect(answer.body.errors[0].extensions.code).toBe(code);
  expect(answer.text).not.toMatch(/<html|\bat \w+ \(|node_modules|\/src\//i);
});

it('an unknown route is a 404 in the same shape', async () => {
  const response = await fetch(harness.endpoint.replace('/graphql', '/nope'));
  expect(response.status).toBe(404);
  expect(await response.json()).toEqual({
    errors: [{ message: expect.stringContaining('No route GET /nope'), extensions: { code: 'ROUTE_NOT_FOUND' } }],
  });
});

it('with introspection off, a mistyped field gets no suggestion of the real ones', async () => {
  const answer = await post('{"query":"{ usr }"}');
  expect(answer.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  expect(answer.text).not.toMatch(/Did you mean|user/);
});

it('no request body reaches a log line or stderr', async () => {
  await post(`{"query":"mutation { login(email: \\"a@b.c\\", password: \\"${PASSWORD}\\") { token } }"`);
  await post(`{"query":"mutation { login(email: \\"a@b.c\\", password: \\"${PASSWORD}\\") { token } }"}`);
  expect([...harness.logLines, ...stderr].filter((line) => line.includes(PASSWORD))).toEqual([]);
});

it('a request still running when the shutdown drain ends is logged with its operation and duration', async () => {
  const stopping = await startHarness({ gateway: { shutdownGraceMs: 100 } });
  stopping.simulator.setConditions({ latencyMs: 2_000 });
  const slow = stopping
    .raw('query SlowPage { users { items { email } } }', undefined, { authorization: `Bearer ${stopping.tokens.fairway}` })
    .catch(() => undefined);
  while (stopping.simulator.requestCount === 0) await new Promise((resolve) => setImmediate(resolve));
  await stopping.stop();
  await slow;
  const cut = stopping.logLines.map((line) => JSON.parse(line)).filter((entry) => entry.msg === 'graphql request cut short at shutdown');
  expect(cut).toEqual([expect.objectContaining({ operation: 'SlowPage', ms: expect.any(Number) })]);
});
