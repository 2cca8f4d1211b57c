/** The simulator's size setting: a tenant x5 or x20 as large, for measuring how the gateway's cost grows with it. */
import { seedCompanies } from '../../src/simulator/companies';
import { seeded } from '../support/companies';
import { startHarness } from '../support/harness';

it.each([5, 20])(
  'x%i: that many times the users and assets, distinct, and a first campaign that many times larger (within its pool)',
  (scale) => {
    const [fairway] = seedCompanies(scale);
    expect(fairway.users).toHaveLength(seeded.fairway.users.length * scale);
    expect(fairway.assets).toHaveLength(seeded.fairway.assets.length * scale);
    expect(new Set(fairway.users.map((user) => user.email)).size).toBe(fairway.users.length);
    expect(new Set(fairway.assets.map((asset) => asset.assetId)).size).toBe(fairway.assets.length);
    const largest = (campaigns: Array<{ employees: unknown[] }>) => Math.max(...campaigns.map((campaign) => campaign.employees.length));
    expect(largest(fairway.campaigns)).toBe(largest(seeded.fairway.campaigns) * scale);
  },
);

it('x1 is the demo data the tests know', () => {
  expect(seedCompanies(1)).toEqual(seedCompanies());
  expect(seedCompanies().map((company) => company.users.length)).toEqual([seeded.fairway.users.length, seeded.northwind.users.length]);
});

it('x5 through the gateway: the documented endpoints page the larger tenant to its end', async () => {
  const harness = await startHarness({ simulator: { scale: 5 } });
  try {
    const result = await harness.raw<{
      users: { pageInfo: { totalCount: number } };
      campaigns: { items: Array<{ totalEmployeeCount: number }> };
    }>('{ users { pageInfo { totalCount } } campaigns(limit: 100) { items { totalEmployeeCount } } }', undefined, {
      authorization: `Bearer ${harness.tokens.fairway}`,
    });
    expect(result.errors).toBeUndefined();
    expect(result.data!.users.pageInfo.totalCount).toBe(seeded.fairway.users.length * 5);
    expect(Math.max(...result.data!.campaigns.items.map((campaign) => campaign.totalEmployeeCount))).toBe(57 * 5);
  } finally {
    await harness.stop();
  }
});
