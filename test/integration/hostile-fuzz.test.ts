/**
 * Property: whatever hostile body or document arrives, with garbage credentials or none, the gateway
 * stays up, every answer is GraphQL JSON with a known code (or data), and no upstream call goes out
 * for a principal the upstream has not verified: none without credentials, one per garbage token.
 */
import fc from 'fast-check';
import fetch from 'node-fetch';
import { ErrorCode } from '../../src/core/errors';
import { startHarness, type Harness } from '../support/harness';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness({ gateway: { upstreamTimeoutMs: 1_000 } });
});
afterAll(() => harness.stop());

const KNOWN_CODES = new Set<string>([
  ...Object.values(ErrorCode),
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

const fieldNames = fc.constantFrom('users', 'user', 'assets', 'asset', 'campaigns', 'campaign', 'login', '__typename', 'usr', '__schema');
const token = fc.oneof(
  fieldNames,
  fc.constantFrom(
    '{',
    '}',
    '(',
    ')',
    ':',
    '$v',
    '...',
    '@include(if: true)',
    'query',
    'mutation',
    'fragment F on Query',
    '"x"',
    '42',
    'a: users',
  ),
  fc.string({ maxLength: 6 }),
);
const document = fc.array(token, { maxLength: 60 }).map((tokens) => tokens.join(' '));
const body = fc.oneof(
  document.map((query) => JSON.stringify({ query })),
  fc.tuple(document, fc.jsonValue()).map(([query, variables]) => JSON.stringify({ query, variables })),
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.string({ maxLength: 200 }),
);
const credentials: fc.Arbitrary<Record<string, string>> = fc.oneof(
  fc.constant<Record<string, string>>({}),
  fc
    .string({ minLength: 1, maxLength: 40 })
    .filter((text) => /^\S+$/.test(text))
    .map((garbage) => ({ authorization: `Bearer ${garbage}` })),
  fc.string({ maxLength: 40 }).map((key) => ({ 'x-api-key': key.replace(/[^\x21-\x7e]/g, '') || 'k' })),
);

it('answers every hostile request with GraphQL JSON and a known code, and calls upstream only to verify a token', async () => {
  const tokensSent = new Set<string>();
  await fc.assert(
    fc.asyncProperty(body, credentials, async (payload, headers) => {
      const response = await fetch(harness.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: payload,
      });
      const text = await response.text();
      const answer = JSON.parse(text) as { data?: unknown; errors?: Array<{ extensions?: { code?: string } }> };
      expect(answer.errors !== undefined || answer.data !== undefined).toBe(true);
      for (const error of answer.errors ?? []) expect(KNOWN_CODES.has(error.extensions?.code ?? 'NONE')).toBe(true);
      expect(text).not.toMatch(/<html|node_modules|\bat \w+ \(/i);
      if (headers.authorization) tokensSent.add(headers.authorization);
    }),
    { numRuns: 300, seed: 20261201 },
  );
  // Every upstream call verified a distinct garbage token once; nothing went out without one.
  const calls = harness.simulator.requestLog;
  expect(calls.every((entry) => entry.status === 401)).toBe(true);
  expect(calls.length).toBeLessThanOrEqual(tokensSent.size);
  const health = await fetch(harness.endpoint.replace('/graphql', '/healthz'));
  expect(health.status).toBe(200);
});
