import { LoginDocument, RefreshTokenDocument, UsersPageDocument } from '../../schema/generated/operations';
import { loadConfig } from '../../src/config';
import { DEMO_LOGIN } from '../../src/simulator/companies';
import { bearer, startHarness, type Harness } from '../support/harness';
import { callLines } from '../support/request-log';
import { ManualClock } from '../support/manual-clock';

const API_KEY = 'test-api-key-0123456789abcdef';
const WRONG_PASSWORD = 'Wrong-Pa55word-7391';
const TOKEN_TTL_SECONDS = 600;

/** Everything secret this file handles; none may appear in any log line. */
const secrets = new Set<string>([API_KEY, WRONG_PASSWORD, 'not-the-key-0123456789']);
const harnesses: Harness[] = [];

async function serviceHarness(overrides: { password?: string; clock?: ManualClock } = {}) {
  const harness = await startHarness({
    simulator: { clock: overrides.clock, tokenTtlSeconds: TOKEN_TTL_SECONDS },
    gateway: {
      serviceAccount: { email: DEMO_LOGIN.email, password: overrides.password ?? DEMO_LOGIN.password },
      apiKeys: [API_KEY],
      cache: loadConfig({}).cache,
      clock: overrides.clock,
    },
  });
  harnesses.push(harness);
  Object.values(harness.tokens).forEach((token) => secrets.add(token));
  return harness;
}

const withKey = { 'x-api-key': API_KEY };
const calls = (harness: Harness) => callLines(harness.simulator.requestLog);

afterAll(async () => {
  const lines = harnesses.flatMap((harness) => harness.logLines);
  expect(lines.length).toBeGreaterThan(20);
  const leaks = lines.filter((line) => [...secrets].some((secret) => line.includes(secret)));
  expect(leaks).toEqual([]);
  expect(lines.filter((line) => line.includes(`"password"`) || line.includes(DEMO_LOGIN.password + '"'))).toEqual([]);
  await Promise.all(harnesses.map((harness) => harness.stop()));
});

describe('service account', () => {
  it('50 concurrent first requests log in once', async () => {
    const harness = await serviceHarness();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, page) => harness.request(UsersPageDocument, { page: page + 1 }, withKey)),
    );
    expect(results.every((result) => result.errors === undefined)).toBe(true);
    expect(calls(harness).filter((call) => call.startsWith('POST /auth/login'))).toEqual(['POST /auth/login 200']);
  });

  it('refreshes a token near its expiry before using it', async () => {
    const clock = new ManualClock();
    const harness = await serviceHarness({ clock });
    await harness.request(UsersPageDocument, { page: 1 }, withKey);
    clock.advance((TOKEN_TTL_SECONDS - 100) * 1000); // within a quarter of its life of expiry
    harness.simulator.clearLog();
    const result = await harness.request(UsersPageDocument, { page: 2 }, withKey);
    expect(result.errors).toBeUndefined();
    expect(calls(harness)).toEqual(['POST /refresh-token 200', 'GET /users 200']);
  });

  it('after an upstream 401 it logs in again once and retries that read once', async () => {
    const harness = await serviceHarness();
    await harness.request(UsersPageDocument, { page: 1 }, withKey);
    harness.simulator.clearLog();
    harness.simulator.injectFault({ path: '/users', status: 401, times: 1 });
    const result = await harness.request(UsersPageDocument, { page: 2 }, withKey);
    expect(result.errors).toBeUndefined();
    expect(calls(harness)).toEqual(['GET /users 401', 'POST /auth/login 200', 'GET /users 200']);
  });

  it('a second 401 is not retried again', async () => {
    const harness = await serviceHarness();
    harness.simulator.injectFault({ path: '/users', status: 401, times: 2 });
    const result = await harness.request(UsersPageDocument, { page: 1 }, withKey);
    expect(result.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(calls(harness).filter((call) => call.startsWith('GET'))).toHaveLength(2);
  });

  it('a wrong password gives a clear error naming the settings', async () => {
    const harness = await serviceHarness({ password: WRONG_PASSWORD });
    const result = await harness.request(UsersPageDocument, { page: 1 }, withKey);
    expect(result.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(result.errors?.[0].message).toBe(
      "The gateway's service account could not sign in to Unduit (Invalid email or password); check UNDUIT_EMAIL and UNDUIT_PASSWORD",
    );
  });
});

describe('gateway API keys (service account mode)', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await serviceHarness();
  });
  beforeEach(() => harness.simulator.clearLog());

  it.each([
    ['no key', {}, /Send a gateway API key/],
    ['a wrong key', { 'x-api-key': 'not-the-key-0123456789' }, /The gateway API key is not valid/],
    ['a wrong key in Authorization', { authorization: 'ApiKey not-the-key-0123456789' }, /The gateway API key is not valid/],
  ])('%s: UNAUTHENTICATED before any upstream call', async (_name, headers, message) => {
    const result = await harness.request(UsersPageDocument, { page: 1 }, headers);
    expect(result.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(result.errors?.[0].message).toMatch(message);
    expect(harness.simulator.requestLog).toEqual([]);
  });

  it.each([
    ['x-api-key', { 'x-api-key': API_KEY }],
    ['Authorization: ApiKey', { authorization: `ApiKey ${API_KEY}` }],
  ])('the right key in %s is served as the service account', async (_name, headers) => {
    const result = await harness.request(UsersPageDocument, { page: 1 }, headers);
    expect(result.data?.users.pageInfo.totalCount).toBe(harness.companies.fairway.users.length);
  });

  it("a client's own Unduit token needs no key and acts as itself", async () => {
    const result = await harness.request(UsersPageDocument, { page: 1 }, bearer(harness.tokens.northwind));
    expect(result.data?.users.pageInfo.totalCount).toBe(harness.companies.northwind.users.length);
  });
});

describe('login and refreshToken mutations (no token or key needed)', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await serviceHarness();
  });

  it('login returns a working token and its expiry; refreshToken a new one', async () => {
    const login = await harness.request(LoginDocument, DEMO_LOGIN, {});
    const { token, expiresAt } = login.data!.login;
    secrets.add(token);
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan((TOKEN_TTL_SECONDS - 60) * 1000);
    const users = await harness.request(UsersPageDocument, { page: 1 }, bearer(token));
    expect(users.data?.users.pageInfo.totalCount).toBe(harness.companies.fairway.users.length);

    const refreshed = await harness.request(RefreshTokenDocument, { token }, {});
    secrets.add(refreshed.data!.refreshToken.token);
    expect(refreshed.data!.refreshToken.token).toMatch(/^ey/);
  });

  it("bad credentials are UNAUTHENTICATED with the upstream's message", async () => {
    const result = await harness.request(LoginDocument, { email: DEMO_LOGIN.email, password: WRONG_PASSWORD }, {});
    expect(result.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(result.errors?.[0].message).toMatch(/Invalid email or password$/);
    expect(JSON.stringify(result)).not.toContain(WRONG_PASSWORD);
  });

  it('a bad refresh token is UNAUTHENTICATED', async () => {
    const result = await harness.request(RefreshTokenDocument, { token: 'expired-or-garbage' }, {});
    expect(result.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(result.errors?.[0].message).toMatch(/Invalid token$/);
  });
});
