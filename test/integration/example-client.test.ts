/** The example typed client (examples/typed-client) against a running gateway, as a frontend would run it. */
import { firstUsers } from '../../examples/typed-client/users';
import { bearer, startHarness, type Harness } from '../support/harness';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness.stop());

it('Apollo Client 4 with the generated typed documents reads the first page of users', async () => {
  const { total, emails, cachedUsers } = await firstUsers(harness.endpoint, bearer(harness.tokens.fairway));
  expect(total).toBe(harness.companies.fairway.users.length);
  expect(emails).toEqual(harness.companies.fairway.users.slice(0, 10).map((user) => user.email));
  // The documented typePolicies normalise: every user is one cache entry keyed by its email.
  expect(cachedUsers).toEqual(expect.arrayContaining(emails.map((email) => `User:{"email":"${email}"}`)));
});
