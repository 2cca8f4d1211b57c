/**
 * The one rule for a response's HTTP status (plugins/http-status.ts, docs/errors.md), table by
 * table: the same failure answers the same status however it arose, and the GraphQL-over-HTTP audit
 * (graphql-http) passes without failures or warnings.
 */
import { print } from 'graphql';
import { auditServer } from 'graphql-http';
import { AddRecoveryEmployeeDocument, UsersPageDocument } from '../../schema/generated/operations';
import { usEmployee } from '../fixtures/recovery-input';
import { bearer, startHarness, type Harness } from '../support/harness';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness.stop());

const JSON_ONLY = 'application/json';
const GRAPHQL_RESPONSE = 'application/graphql-response+json, application/json;q=0.9';

async function post(body: unknown, headers: Record<string, string>) {
  const response = await fetch(harness.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    code: (JSON.parse(text) as { errors?: Array<{ extensions?: { code?: string } }> }).errors?.[0]?.extensions?.code,
  };
}

const addEmployee = (campaignNumber: string, idempotencyKey?: string, email = 'status.rule@fairway.example') => ({
  query: print(AddRecoveryEmployeeDocument),
  variables: { input: { campaignNumber, idempotencyKey, employee: usEmployee({ email }) } },
});

describe('an executed operation answers 200 whatever its errors, for every client', () => {
  const cases: Array<[string, () => unknown, () => Record<string, string>, string]> = [
    ['no credentials at all', () => ({ query: print(UsersPageDocument) }), () => ({}), 'UNAUTHENTICATED'],
    ['a token the upstream refuses', () => ({ query: print(UsersPageDocument) }), () => bearer('garbage'), 'UNAUTHENTICATED'],
    [
      'an upstream 409 (already in the campaign)',
      () => {
        const campaign = harness.companies.fairway.campaigns[2];
        return addEmployee(campaign.number, undefined, campaign.employees[0].email);
      },
      () => bearer(harness.tokens.fairway),
      'CONFLICT',
    ],
    [
      'an idempotency key reused with other input',
      () => addEmployee(harness.companies.fairway.campaigns[2].number, 'status-rule-key', 'other.person@fairway.example'),
      () => bearer(harness.tokens.fairway),
      'CONFLICT',
    ],
    ['invalid arguments', () => addEmployee('not-digits'), () => bearer(harness.tokens.fairway), 'BAD_USER_INPUT'],
  ];

  beforeAll(async () => {
    // The key's first use, so the case above reuses it with other input.
    const first = await post(addEmployee(harness.companies.fairway.campaigns[2].number, 'status-rule-key'), bearer(harness.tokens.fairway));
    expect(first).toEqual({ status: 200, code: undefined });
  });

  it.each(cases)('%s', async (_name, body, headers, code) => {
    for (const accept of [JSON_ONLY, GRAPHQL_RESPONSE]) {
      expect(await post(body(), { accept, ...headers() })).toEqual({ status: 200, code });
    }
  });
});

describe("a request refused before execution: its code's status for graphql-response+json, 200 for application/json", () => {
  const costly = `{ campaigns(limit: 100) { items { ${Array.from({ length: 10 }, (_, i) => `e${i}: employees(limit: 100, page: ${i + 1}) { items { email } }`).join(' ')} } } }`;
  it.each<[string, unknown, string, number]>([
    ['a document that does not parse', { query: '{ users { ' }, 'GRAPHQL_PARSE_FAILED', 400],
    ['a field the schema lacks', { query: '{ usr }' }, 'GRAPHQL_VALIDATION_FAILED', 400],
    [
      'variables of the wrong type',
      { query: 'query ($page: Int) { users(page: $page) { items { email } } }', variables: { page: 'one' } },
      'BAD_USER_INPUT',
      400,
    ],
    ['a query over the cost limit', { query: costly }, 'QUERY_TOO_COMPLEX', 400],
  ])('%s', async (_name, body, code, status) => {
    const headers = bearer(harness.tokens.fairway);
    expect(await post(body, { accept: GRAPHQL_RESPONSE, ...headers })).toEqual({ status, code });
    expect(await post(body, { accept: JSON_ONLY, ...headers })).toEqual({ status: 200, code });
  });
});

describe('a request that is not GraphQL over HTTP keeps its 4xx for every client', () => {
  it.each<[string, unknown]>([
    ['no query', { variables: {} }],
    ['a query that is not a string', { query: 42 }],
  ])('%s', async (_name, body) => {
    for (const accept of [JSON_ONLY, GRAPHQL_RESPONSE]) {
      expect(await post(body, { accept })).toEqual({ status: 400, code: 'BAD_REQUEST' });
    }
  });
});

it('passes the GraphQL-over-HTTP audit (graphql-http) with no failure and no warning', async () => {
  const results = await auditServer({ url: harness.endpoint, fetchFn: fetch });
  const problems = results.filter((result) => result.status === 'error' || result.status === 'warn').map((result) => result.name);
  expect(problems).toEqual([]);
  expect(results.filter((result) => result.status === 'ok').length).toBeGreaterThan(30);
});
