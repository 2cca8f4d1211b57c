import jwt from 'jsonwebtoken';
import fetch from 'node-fetch';
import { CampaignsPageDocument, UsersPageDocument } from '../../schema/generated/operations';
import { bearer, startHarness, type Harness } from '../support/harness';

let harness: Harness;

beforeAll(async () => {
  // These tests map one upstream failure to one error: no retries, and no breaker opening across tests
  // (test/integration/traffic.test.ts covers both).
  harness = await startHarness({ gateway: { upstreamTimeoutMs: 1_000, traffic: { retries: 0, breakerFailures: 1_000 } } });
});
afterAll(() => harness.stop());
beforeEach(() => {
  harness.reset();
});

describe('company scoping', () => {
  it("two companies' tokens see their own data, never each other's", async () => {
    const fairway = await harness.request(UsersPageDocument, { page: 1 }, bearer(harness.tokens.fairway));
    const northwind = await harness.request(UsersPageDocument, { page: 1 }, bearer(harness.tokens.northwind));
    const fairwayEmails = fairway.data!.users.items.map((user) => user.email);
    const northwindEmails = northwind.data!.users.items.map((user) => user.email);
    expect(fairway.data!.users.pageInfo.totalCount).toBe(harness.companies.fairway.users.length);
    expect(northwind.data!.users.pageInfo.totalCount).toBe(harness.companies.northwind.users.length);
    expect(northwindEmails.every((email) => email.endsWith('@northwind.example'))).toBe(true);
    expect(fairwayEmails.some((email) => email.endsWith('@northwind.example'))).toBe(false);
    expect(harness.simulator.requestLog.map((entry) => entry.companyId)).toEqual([317, 318]);
  });
});

describe('authentication pass-through', () => {
  it('a request without a token gets UNAUTHENTICATED before any upstream call', async () => {
    const result = await harness.request(UsersPageDocument, { page: 1 }, {});
    expect(result.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(harness.simulator.requestLog).toHaveLength(0);
  });

  it.each([
    ['a garbage token', 'not-a-jwt'],
    ['a forged token naming the other company', jwt.sign({ id: 1, email: 'x@example.com', company_id: 318 }, 'guessed-secret')],
  ])('%s gets UNAUTHENTICATED from the upstream, with no token in the message', async (_name, token) => {
    const result = await harness.request(UsersPageDocument, { page: 1 }, bearer(token));
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', upstream: { status: 401, endpoint: 'GET /users' } });
    expect(JSON.stringify(result)).not.toContain(token);
  });

  it('introspection works without a token, so Sandbox can show the schema', async () => {
    const result = await harness.raw('{ __schema { queryType { name } } }', undefined, {});
    expect(result.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });
});

describe('upstream failures become stable error codes', () => {
  it.each([
    [500, 'UPSTREAM_ERROR'],
    [503, 'UPSTREAM_ERROR'],
    [429, 'UPSTREAM_ERROR'],
    [400, 'BAD_USER_INPUT'],
    [409, 'CONFLICT'],
  ])('HTTP %i from the upstream -> %s with the status', async (status, code) => {
    harness.simulator.injectFault({ path: '/users', status, times: 1 });
    const result = await harness.request(UsersPageDocument, { page: 1 });
    expect(result.errors?.[0].extensions).toMatchObject({ code, upstream: { status, endpoint: 'GET /users' } });
    expect(result.errors?.[0].message).toContain(`HTTP ${status}`);
    expect(result.errors?.[0].extensions?.stacktrace).toBeUndefined();
  });

  it('a body that is not JSON is tolerated and reported', async () => {
    harness.simulator.injectFault({ path: '/users', status: 502, body: '<html>Bad gateway</html>', times: 1 });
    const result = await harness.request(UsersPageDocument, { page: 1 });
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'UPSTREAM_ERROR', upstream: { status: 502 } });
  });

  it.each(['maintenance', 'null', '"ok"', '[]'])('a 200 whose body is %s is UPSTREAM_ERROR, not a crash', async (body) => {
    harness.simulator.injectFault({ path: '/users', status: 200, body, times: 1 });
    const result = await harness.request(UsersPageDocument, { page: 1 });
    expect(result.errors?.[0].extensions?.code).toBe('UPSTREAM_ERROR');
  });

  it('a 200 object without the documented list is an empty page, not a crash', async () => {
    harness.simulator.injectFault({ path: '/users', status: 200, body: '{"totalUsers": 0}', times: 1 });
    const result = await harness.request(UsersPageDocument, { page: 1 });
    expect(result.errors).toBeUndefined();
    expect(result.data!.users).toEqual({ items: [], pageInfo: { page: 1, limit: 10, totalPages: 0, totalCount: 0, hasNextPage: false } });
  });

  it('a lookup whose 200 lacks the documented list finds nothing rather than crashing', async () => {
    harness.simulator.injectFault({ path: '/users', status: 200, body: '{}', times: 1 });
    const result = await harness.raw('{ user(email: "jane.smith@example.com") { email } }', undefined, {
      authorization: `Bearer ${harness.tokens.fairway}`,
    });
    expect(result).toMatchObject({ data: { user: null } });
    expect(result.errors).toBeUndefined();
  });

  it('a slow upstream gives UPSTREAM_TIMEOUT', async () => {
    harness.simulator.injectFault({ path: '/recover/campaigns', delayMs: 2_500, status: 200, times: 1 });
    const result = await harness.request(CampaignsPageDocument, {});
    expect(result.errors?.[0].extensions?.code).toBe('UPSTREAM_TIMEOUT');
  });

  it('a failing nested field yields partial data with an error at its path', async () => {
    const asset = harness.companies.fairway.assets.find((entry) => entry.holderEmail)!;
    harness.simulator.injectFault({ path: '/users', status: 500, times: 1 });
    // The holder's phone is not embedded in the asset: it takes the lookup that fails (retries are off in this file).
    const result = await harness.raw<{ asset: unknown }>(
      `{ asset(assetId: "${asset.assetId}") { assetId assignedUser { email phone } } }`,
      undefined,
      { authorization: `Bearer ${harness.tokens.fairway}` },
    );
    expect(result.data!.asset).toMatchObject({ assetId: asset.assetId, assignedUser: null });
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0].path).toEqual(['asset', 'assignedUser']);
    expect(result.errors![0].extensions?.code).toBe('UPSTREAM_ERROR');
  });
});

describe('query cost limit', () => {
  it('refuses a query that could fan out too far, before execution and with nothing sent upstream', async () => {
    const query = `{ campaigns(limit: 100) { items { ${Array.from({ length: 10 }, (_, i) => `e${i}: employees(limit: 100, page: ${i + 1}) { items { email } }`).join(' ')} } } }`;
    const result = await harness.raw(query, undefined, { authorization: `Bearer ${harness.tokens.fairway}` });
    expect(result.data).toBeUndefined();
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', maxCost: 1_000 });
    // 1 + 29 campaigns x 10 employee pages = 291 calls, within the budget of 300.
    expect(result.errors?.[0].message).toMatch(/page it: campaigns\(limit: 29\)/);
    expect(harness.simulator.requestLog).toHaveLength(0);
  });
});

describe('HTTP surface', () => {
  it('GET / lands on the bundled explorer (GATEWAY_EXPLORER defaults to graphiql)', async () => {
    const response = await fetch(harness.endpoint.replace('/graphql', '/'), { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(new URL(response.headers.get('location')!).pathname).toBe('/graphiql');
  });

  it('answers no CORS headers to a foreign origin unless configured', async () => {
    const response = await fetch(harness.endpoint, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('GET /graphql in a browser serves Apollo Sandbox', async () => {
    const response = await fetch(harness.endpoint, { headers: { accept: 'text/html' } });
    const page = await response.text();
    expect(response.status).toBe(200);
    expect(page).toContain('embeddable-sandbox');
    // Sandbox's initial endpoint is the page's own URL, i.e. this gateway's /graphql.
    expect(page).toContain('initialEndpoint = window.location.href');
  });
});
