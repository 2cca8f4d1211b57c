/** The example typed client (examples/typed-client) against a running gateway, as a frontend would run it. */
import { followChanges } from '../../examples/typed-client/employee-changes';
import { firstUsers } from '../../examples/typed-client/users';
import { bearer, startHarness, type Harness } from '../support/harness';
import { moveStatus, until } from '../support/live';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness({ gateway: { subscriptionsPollMs: 1_000 } });
});
afterAll(() => harness.stop());

it('Apollo Client 4 with the generated typed documents reads the first page of users', async () => {
  const { total, emails, cachedUsers } = await firstUsers(harness.endpoint, bearer(harness.tokens.fairway));
  expect(total).toBe(harness.companies.fairway.users.length);
  expect(emails).toEqual(harness.companies.fairway.users.slice(0, 10).map((user) => user.email));
  // The documented typePolicies normalise: every user is one cache entry keyed by its email.
  expect(cachedUsers).toEqual(expect.arrayContaining(emails.map((email) => `User:{"email":"${email}"}`)));
});

it("Apollo Client 4's default HttpLink follows a campaign's changes, typed, with nothing set up", async () => {
  const campaign = harness.companies.fairway.campaigns.find((entry) => entry.employees.length > 3)!;
  const changes: Array<{ email: string; status: string | null; previousStatus: string | null }> = [];
  const errors: unknown[] = [];
  harness.simulator.clearLog();
  const stop = followChanges(
    harness.endpoint,
    campaign.number,
    (change) =>
      changes.push({ email: change.employee.email, status: change.employee.status ?? null, previousStatus: change.previousStatus ?? null }),
    (error) => errors.push(error),
    bearer(harness.tokens.fairway),
  );
  try {
    const baseline = () => harness.simulator.requestLog.some((entry) => entry.path === `/recover/employees/details/${campaign.number}`);
    await until(baseline, 'the baseline poll');
    const employee = campaign.employees[1];
    const before = moveStatus(employee);
    await until(() => changes.length > 0, 'the change');
    expect(errors).toEqual([]);
    expect(changes).toEqual([{ email: employee.email, status: employee.status, previousStatus: before }]);
  } finally {
    stop();
  }
});
