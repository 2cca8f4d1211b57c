/**
 * Argument lengths are checked at the edge: a 1 MB email is BAD_USER_INPUT at its path before any
 * upstream call (it used to go upstream and come back as a 431). Passwords are taken verbatim.
 */
import { startHarness, type Harness } from '../support/harness';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness.stop());
beforeEach(() => harness.reset());

const huge = 'x'.repeat(1_000_000);

it.each<[string, string, Record<string, unknown>, string]>([
  ['user(email)', 'query ($v: String!) { user(email: $v) { email } }', { v: `${huge}@example.com` }, 'email'],
  ['users(email)', 'query ($v: String) { users(email: $v) { items { email } } }', { v: `${'a'.repeat(255)}@x.io` }, 'email'],
  ['assets(serialNumber)', 'query ($v: String) { assets(serialNumber: $v) { items { assetId } } }', { v: 'S'.repeat(101) }, 'serialNumber'],
  ['asset(assetId)', 'query ($v: String) { asset(assetId: $v) { assetId } }', { v: huge }, 'assetId'],
  ['login(email)', 'mutation ($v: String!) { login(email: $v, password: "p") { token } }', { v: huge }, 'email'],
  ['login(password)', 'mutation ($v: String!) { login(email: "a@b.co", password: $v) { token } }', { v: huge }, 'password'],
  ['refreshToken(token)', 'mutation ($v: String!) { refreshToken(token: $v) { token } }', { v: huge }, 'token'],
])('%s: too long is BAD_USER_INPUT at its path, nothing sent upstream', async (_name, query, variables, path) => {
  const result = await harness.raw(query, variables, { authorization: `Bearer ${harness.tokens.fairway}` });
  expect(result.errors?.[0].extensions).toMatchObject({
    code: 'BAD_USER_INPUT',
    fieldErrors: [{ path, message: expect.stringMatching(/at most \d+ characters/) }],
  });
  expect(harness.simulator.requestLog).toHaveLength(0);
});

it('a password is sent exactly as typed, spaces included', async () => {
  const result = await harness.raw('mutation { login(email: " jane.smith@example.com ", password: " password") { token } }');
  // The simulator's password is "password": the leading space makes it wrong, so it was not trimmed.
  expect(result.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  const ok = await harness.raw('mutation { login(email: " jane.smith@example.com ", password: "password") { token } }');
  expect(ok.errors).toBeUndefined();
});
