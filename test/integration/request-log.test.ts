/**
 * One log line per HTTP request, with its id (the client's when sane, echoed either way), the
 * operation (or `anonymous` and a short hash), the caller's kind and hash, status, duration, upstream
 * cost and error codes; never a token.
 */
import fetch from 'node-fetch';
import { createLogger } from '../../src/core/logger';
import { startHarness, type Harness } from '../support/harness';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness.stop());

async function post(query: string, headers: Record<string, string>) {
  const response = await fetch(harness.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
  await response.text();
  return response.headers.get('x-request-id');
}

const lineOf = (id: string | null) =>
  harness.logLines
    .map((line) => JSON.parse(line) as Record<string, any>)
    .find((entry) => entry.msg === 'http request' && entry.req?.id === id);

it('echoes a sane x-request-id and logs the operation, caller, status, cost and errors under it', async () => {
  const token = harness.tokens.fairway;
  const id = await post('query FirstPage { users { pageInfo { totalCount } } }', {
    'x-request-id': 'trace-42.a',
    authorization: `Bearer ${token}`,
  });
  expect(id).toBe('trace-42.a');
  const line = lineOf(id)!;
  expect(line).toMatchObject({
    req: { method: 'POST', path: '/graphql' },
    res: { status: 200 },
    operation: 'FirstPage',
    principal: { kind: 'bearer', hash: expect.stringMatching(/^[0-9a-f]{12}$/) },
    upstream: { requests: 1 },
    responseTime: expect.any(Number),
  });
  expect(JSON.stringify(line)).not.toContain(token);
});

it('replaces an insane request id, and names an unnamed operation by a short hash', async () => {
  const id = await post('{ __typename }', { 'x-request-id': `<script>${'x'.repeat(200)}` });
  expect(id).toMatch(/^[0-9a-f-]{36}$/);
  const line = lineOf(id)!;
  expect(line).toMatchObject({ operation: expect.stringMatching(/^anonymous:[0-9a-f]{8}$/), principal: null });
  expect(line.errors).toBeUndefined();
});

it('echoes the request id even when LOG_LEVEL hides the request lines', async () => {
  const quiet = await startHarness({ gateway: { logger: createLogger('error') } });
  try {
    const response = await fetch(quiet.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'quiet-1' },
      body: '{"query":"{ __typename }"}',
    });
    expect(response.headers.get('x-request-id')).toBe('quiet-1');
  } finally {
    await quiet.stop();
  }
});
