/**
 * Rate limits: per client for every request, stricter for sign-ins (per address and per email) and for
 * wrong API keys (per address). Over a limit: 429, RATE_LIMITED, Retry-After, nothing sent upstream.
 */
import fetch from 'node-fetch';
import { DEMO_LOGIN } from '../../src/simulator/companies';
import { bearer, startHarness, type Harness } from '../support/harness';

const limits = { requestsPerMinute: 5, loginsPerMinutePerAddress: 3, loginsPer15MinutesPerEmail: 2, wrongKeysPer15MinutesPerAddress: 2 };

async function post(harness: Harness, query: string, headers: Record<string, string> = {}) {
  const response = await fetch(harness.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { errors?: Array<{ extensions?: { code?: string; retryAfter?: number } }> };
  return { status: response.status, retryAfter: response.headers.get('retry-after'), error: body.errors?.[0]?.extensions };
}

describe('per client', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ gateway: { rateLimits: limits } });
  });
  afterAll(() => harness.stop());
  const usersCount = '{ users { pageInfo { totalCount } } }';

  it('refuses the request past the limit with 429, Retry-After and RATE_LIMITED, before anything is sent', async () => {
    const token = harness.tokens.fairway;
    // The first request verifies the token (counted against the address); from then on it is its own client.
    for (let i = 0; i < 6; i += 1) expect((await post(harness, usersCount, bearer(token))).status).toBe(200);
    harness.reset();
    const refused = await post(harness, usersCount, bearer(token));
    expect(refused).toMatchObject({
      status: 429,
      retryAfter: expect.stringMatching(/^\d+$/),
      error: { code: 'RATE_LIMITED', retryAfter: expect.any(Number) },
    });
    expect(harness.simulator.requestLog).toHaveLength(0);
  });

  it("counts a verified token apart: another caller is not refused for the first one's traffic", async () => {
    expect((await post(harness, '{ __typename }', bearer(harness.tokens.northwind))).status).toBe(200);
  });

  it('counts tokens nobody has verified against their address: a new random token per request does not escape the limit', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) statuses.push((await post(harness, usersCount, bearer(`random-${i}-${Math.random()}`))).status);
    // The address already sent 2 (the first token's verification, the other token's request): 3 more pass.
    expect(statuses).toEqual([200, 200, 200, 429, 429, 429]);
  });
});

describe('verification calls per address', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ gateway: { rateLimits: { ...limits, requestsPerMinute: 1_000, tokenChecksPerMinutePerAddress: 3 } } });
  });
  afterAll(() => harness.stop());

  it('shows at most the budget of new tokens to the upstream; past it RATE_LIMITED, nothing sent', async () => {
    const codes: Array<string | undefined> = [];
    for (let i = 0; i < 10; i += 1)
      codes.push((await post(harness, '{ users { pageInfo { totalCount } } }', bearer(`sprayed-${i}`))).error?.code);
    expect(codes).toEqual([...Array(3).fill('UNAUTHENTICATED'), ...Array(7).fill('RATE_LIMITED')]);
    expect(harness.simulator.requestLog).toHaveLength(3);
  });

  it('a token the gateway already has a verdict on needs no new verification, and costs nothing', async () => {
    harness.reset();
    expect((await post(harness, '{ users { pageInfo { totalCount } } }', bearer('sprayed-0'))).error?.code).toBe('UNAUTHENTICATED');
    expect(harness.simulator.requestLog).toHaveLength(0);
  });
});

describe('API keys', () => {
  let harness: Harness;
  const account = { serviceAccount: DEMO_LOGIN };
  beforeAll(async () => {
    harness = await startHarness({
      gateway: {
        ...account,
        rateLimits: { ...limits, requestsPerMinute: 3 },
        apiKeys: ['ordinary-key-0123456789', { key: 'backend-key-0123456789', requestsPerMinute: 8 }],
      },
    });
  });
  afterAll(() => harness.stop());
  const statuses = async (key: string, count: number) => {
    const seen: number[] = [];
    for (let i = 0; i < count; i += 1) seen.push((await post(harness, '{ __typename }', { 'x-api-key': key })).status);
    return seen;
  };

  it('a key carries its own limit; another key the default', async () => {
    expect(await statuses('backend-key-0123456789', 9)).toEqual([...Array(8).fill(200), 429]);
    expect(await statuses('ordinary-key-0123456789', 4)).toEqual([200, 200, 200, 429]);
  });
});

describe('sign-ins from many addresses', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ gateway: { rateLimits: { ...limits, requestsPerMinute: 1_000 }, trustProxy: true } });
  });
  afterAll(() => harness.stop());
  const signIn = (password: string, address: string) =>
    post(harness, `mutation { login(email: "${DEMO_LOGIN.email}", password: "${password}") { token } }`, { 'x-forwarded-for': address });

  it("a stranger's wrong passwords from other addresses do not lock the owner out: the right password goes through", async () => {
    for (let i = 0; i < 3; i += 1) expect((await signIn('guess', `10.0.0.${i + 1}`)).error?.code).toBe('UNAUTHENTICATED');
    harness.reset();
    const owner = await signIn(DEMO_LOGIN.password, '192.168.1.20');
    expect(owner).toMatchObject({ status: 200, error: undefined });
    expect(harness.simulator.requestLog.map((entry) => entry.path)).toEqual(['/auth/login']);
  });

  it('past the allowance the guesses go on being slowed, each one asked upstream once, none locking', async () => {
    harness.reset();
    expect((await signIn('guess', '10.0.1.1')).error?.code).toBe('UNAUTHENTICATED');
    expect(harness.simulator.requestLog).toHaveLength(1);
  });
});

describe('sign-ins and wrong keys', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({
      gateway: {
        rateLimits: { ...limits, requestsPerMinute: 1_000 },
        serviceAccount: { email: 'jane.smith@example.com', password: 'password' },
        apiKeys: ['right-key-0123456789'],
      },
    });
  });
  afterAll(() => harness.stop());

  it('limits sign-in attempts per email from one address', async () => {
    const attempt = () => post(harness, 'mutation { login(email: "target@example.com", password: "guess") { token } }');
    expect((await attempt()).error?.code).toBe('UNAUTHENTICATED');
    expect((await attempt()).error?.code).toBe('UNAUTHENTICATED');
    harness.reset();
    const refused = await attempt();
    expect(refused).toMatchObject({ status: 429, retryAfter: expect.any(String), error: { code: 'RATE_LIMITED' } });
    expect(harness.simulator.requestLog).toHaveLength(0);
  });

  it('limits sign-in attempts per address, whatever the email', async () => {
    const refused = await post(harness, 'mutation { login(email: "other@example.com", password: "guess") { token } }');
    expect(refused).toMatchObject({ status: 429, error: { code: 'RATE_LIMITED' } });
  });

  it('after too many wrong API keys, the address is refused whatever key it sends', async () => {
    for (let i = 0; i < 2; i += 1)
      expect((await post(harness, '{ users { pageInfo { totalCount } } }', { 'x-api-key': `wrong-key-${i}-0123456789` })).error?.code).toBe(
        'UNAUTHENTICATED',
      );
    const locked = await post(harness, '{ users { pageInfo { totalCount } } }', { 'x-api-key': 'right-key-0123456789' });
    expect(locked).toMatchObject({ status: 429, error: { code: 'RATE_LIMITED' } });
  });
});
