/**
 * Whole responses kept for repeats (plugins/response-cache.ts): served without execution only while
 * every cached upstream answer they were built from is still cached and fresh, per principal.
 */
import {
  AddRecoveryEmployeeDocument,
  CampaignDetailsDocument,
  UsersPageDocument,
  type RecoveryEmployeeInput,
} from '../../schema/generated/operations';
import { loadConfig } from '../../src/config';
import { usEmployee } from '../fixtures/recovery-input';
import { bearer, startHarness, type Harness } from '../support/harness';
import { ManualClock } from '../support/manual-clock';

const clock = new ManualClock();
let harness: Harness;

beforeAll(async () => {
  harness = await startHarness({ simulator: { clock }, gateway: { clock, cache: loadConfig({}).cache } });
});
afterAll(() => harness.stop());
beforeEach(() => {
  harness.simulator.clearLog();
  clock.advance(3_600_000); // every test starts with both caches expired
});

const tokens = () => ({ fairway: harness.simulator.tokenFor(317), northwind: harness.simulator.tokenFor(318) });

it('a repeat is served whole, with what the first cost in cache hits, and nothing sent', async () => {
  const { fairway } = tokens();
  const first = await harness.request(UsersPageDocument, { page: 2 }, bearer(fairway));
  const repeat = await harness.request(UsersPageDocument, { page: 2 }, bearer(fairway));
  expect(first.extensions).not.toHaveProperty('responseCache');
  expect(repeat.extensions).toMatchObject({ responseCache: 'hit', upstream: { requests: 0, cacheHits: 1 } });
  expect(repeat.data).toEqual(first.data);
  expect(harness.simulator.requestLog).toHaveLength(1);
});

it('other variables, or another principal, are other responses', async () => {
  const { fairway, northwind } = tokens();
  await harness.request(UsersPageDocument, { page: 2 }, bearer(fairway));
  const otherPage = await harness.request(UsersPageDocument, { page: 3 }, bearer(fairway));
  const otherCompany = await harness.request(UsersPageDocument, { page: 2 }, bearer(northwind));
  expect(otherPage.extensions).not.toHaveProperty('responseCache');
  expect(otherCompany.extensions).not.toHaveProperty('responseCache');
  expect(otherCompany.data!.users.items[0].email).toMatch(/@northwind\.example$/);
});

it('variables the document does not declare neither split nor grow the key: 300 KB of them is the same response', async () => {
  const { fairway } = tokens();
  const junk = 'x'.repeat(300_000);
  const first = await harness.request(UsersPageDocument, { page: 4, unused: junk } as never, bearer(fairway));
  const repeat = await harness.request(UsersPageDocument, { page: 4, other: junk } as never, bearer(fairway));
  expect(first.errors).toBeUndefined();
  expect(repeat.extensions).toMatchObject({ responseCache: 'hit' });
});

it('a key over its bound (many long declared values) is not kept', async () => {
  const { fairway } = tokens();
  const names = Array.from({ length: 20 }, (_, n) => `e${n}`);
  const query = `query Many(${names.map((name) => `$${name}: String`).join(', ')}) { ${names.map((name) => `${name}: users(email: $${name}) { pageInfo { totalCount } }`).join(' ')} }`;
  const variables = Object.fromEntries(names.map((name) => [name, `${name}${'a'.repeat(230)}@example.com`]));
  const first = await harness.raw(query, variables, bearer(fairway));
  const repeat = await harness.raw(query, variables, bearer(fairway));
  expect(first.errors).toBeUndefined();
  expect(repeat.extensions).not.toHaveProperty('responseCache');
});

it('expires with the first upstream answer it was built from', async () => {
  const { fairway } = tokens();
  await harness.request(UsersPageDocument, { page: 2 }, bearer(fairway));
  clock.advance(61_000); // users are cached 60 s
  const later = await harness.request(UsersPageDocument, { page: 2 }, bearer(fairway));
  expect(later.extensions).not.toHaveProperty('responseCache');
  expect(later.extensions?.upstream).toMatchObject({ requests: 1 });
});

it('a write that makes one of its answers stale makes it a miss at once', async () => {
  const { fairway } = tokens();
  const campaign = harness.companies.fairway.campaigns[4];
  const before = await harness.request(CampaignDetailsDocument, { campaignNumber: campaign.number, limit: 100 }, bearer(fairway));
  const kept = await harness.request(CampaignDetailsDocument, { campaignNumber: campaign.number, limit: 100 }, bearer(fairway));
  expect(kept.extensions).toMatchObject({ responseCache: 'hit' });
  const added = await harness.request(
    AddRecoveryEmployeeDocument,
    {
      input: {
        campaignNumber: campaign.number,
        employee: usEmployee({ email: 'response.cache@fairway.example' }) as RecoveryEmployeeInput,
      },
    },
    bearer(fairway),
  );
  expect(added.errors).toBeUndefined();
  const after = await harness.request(CampaignDetailsDocument, { campaignNumber: campaign.number, limit: 100 }, bearer(fairway));
  expect(after.extensions).not.toHaveProperty('responseCache');
  expect(after.data!.campaign!.totalEmployeeCount).toBe(before.data!.campaign!.totalEmployeeCount + 1);
});

it('a response with an error is not kept', async () => {
  const { fairway } = tokens();
  harness.simulator.injectFault({ path: '/users', status: 404, times: 1 });
  const failed = await harness.request(UsersPageDocument, { page: 5 }, bearer(fairway));
  expect(failed.errors).toBeDefined();
  const again = await harness.request(UsersPageDocument, { page: 5 }, bearer(fairway));
  expect(again.errors).toBeUndefined();
  expect(again.extensions).not.toHaveProperty('responseCache');
});
