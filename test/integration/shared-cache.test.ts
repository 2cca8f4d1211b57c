import jwt from 'jsonwebtoken';
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
const TOKEN_TTL_SECONDS = 600;
let harness: Harness;

beforeAll(async () => {
  harness = await startHarness({
    simulator: { clock, tokenTtlSeconds: TOKEN_TTL_SECONDS },
    gateway: { clock, cache: loadConfig({}).cache },
  });
});
afterAll(() => harness.stop());
beforeEach(() => {
  harness.simulator.clearLog();
  harness.simulator.latencyMs = 0;
  clock.advance(3_600_000); // every test starts with an expired cache
});

const freshTokens = () => ({ fairway: harness.simulator.tokenFor(317), northwind: harness.simulator.tokenFor(318) });

describe('the shared cache', () => {
  it('serves a repeated query within the TTL with zero upstream requests, and refetches after it', async () => {
    const { fairway } = freshTokens();
    const first = await harness.request(UsersPageDocument, { page: 3 }, bearer(fairway));
    const second = await harness.request(UsersPageDocument, { page: 3 }, bearer(fairway));
    expect(first.extensions?.upstream).toMatchObject({ requests: 1, cacheHits: 0 });
    expect(second.extensions?.upstream).toMatchObject({ requests: 0, cacheHits: 1 });
    expect(second.data).toEqual(first.data);

    clock.advance(61_000); // users are cached for 60 s
    const later = await harness.request(UsersPageDocument, { page: 3 }, bearer(fairway));
    expect(later.extensions?.upstream).toMatchObject({ requests: 1, cacheHits: 0 });
    expect(harness.simulator.requestLog).toHaveLength(2);
  });

  it("never serves one company's cached answer to another company's token", async () => {
    const { fairway, northwind } = freshTokens();
    await harness.request(UsersPageDocument, { page: 1 }, bearer(fairway));
    const other = await harness.request(UsersPageDocument, { page: 1 }, bearer(northwind));
    expect(other.extensions?.upstream).toMatchObject({ requests: 1, cacheHits: 0 });
    expect(other.data!.users.pageInfo.totalCount).toBe(harness.companies.northwind.users.length);
    expect(harness.simulator.requestLog.map((entry) => entry.companyId)).toEqual([317, 318]);
  });

  describe('a token the upstream would refuse gets UNAUTHENTICATED, never a cached byte, right after a warm-up', () => {
    let warmToken: string;
    beforeEach(async () => {
      warmToken = freshTokens().fairway;
      const warm = await harness.request(UsersPageDocument, { page: 1 }, bearer(warmToken));
      expect(warm.data!.users.items).toHaveLength(10);
      harness.simulator.clearLog();
    });

    it.each([
      [
        'a forged token naming the same company',
        () => jwt.sign({ id: 2, email: 'jane.smith@example.com', company_id: 317 }, 'guessed-secret', { expiresIn: 3600 }),
      ],
      [
        'a forged token naming the other company',
        () => jwt.sign({ id: 2, email: 'ops@northwind.example', company_id: 318 }, 'guessed-secret', { expiresIn: 3600 }),
      ],
      ['the warm token with its signature altered', () => warmToken.slice(0, -4) + (warmToken.endsWith('AAAA') ? 'BBBB' : 'AAAA')],
      ['a garbage token', () => 'garbage'],
    ])('%s', async (_name, makeToken) => {
      const result = await harness.request(UsersPageDocument, { page: 1 }, bearer(makeToken()));
      expect(result.data).toBeNull();
      expect(result.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect(result.extensions?.upstream).toMatchObject({ requests: 1, cacheHits: 0 });
      expect(harness.simulator.requestLog.map((entry) => entry.status)).toEqual([401]);
    });

    it('the warm token itself, once expired', async () => {
      clock.advance(TOKEN_TTL_SECONDS * 1000 + 1_000);
      const result = await harness.request(UsersPageDocument, { page: 1 }, bearer(warmToken));
      expect(result.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect(result.extensions?.upstream).toMatchObject({ requests: 1, cacheHits: 0 });
    });
  });

  it('identical GETs in flight at once for one principal share one upstream request; other principals do not', async () => {
    const { fairway, northwind } = freshTokens();
    harness.simulator.latencyMs = 300; // wide enough that all nine overlap, even on a loaded CI machine
    const results = await Promise.all([
      ...Array.from({ length: 8 }, () => harness.request(UsersPageDocument, { page: 5 }, bearer(fairway))),
      harness.request(UsersPageDocument, { page: 5 }, bearer(northwind)),
    ]);
    expect(new Set(results.slice(0, 8).map((result) => JSON.stringify(result.data))).size).toBe(1);
    expect(results[8].data!.users.items[0].email).toMatch(/@northwind\.example$/);
    expect(harness.simulator.requestLog.map((entry) => entry.companyId).sort()).toEqual([317, 318]);
  });

  it('after addRecoveryEmployee the campaign shows the new employee at once', async () => {
    const { fairway } = freshTokens();
    const campaign = harness.companies.fairway.campaigns[2];
    const before = await harness.request(CampaignDetailsDocument, { campaignNumber: campaign.number, limit: 100 }, bearer(fairway));
    const cached = await harness.request(CampaignDetailsDocument, { campaignNumber: campaign.number, limit: 100 }, bearer(fairway));
    expect(cached.extensions?.upstream?.requests).toBe(0);

    const added = await harness.request(
      AddRecoveryEmployeeDocument,
      { input: { campaignNumber: campaign.number, employee: usEmployee({ email: 'cache.new@fairway.example' }) as RecoveryEmployeeInput } },
      bearer(fairway),
    );
    expect(added.errors).toBeUndefined();
    const after = await harness.request(CampaignDetailsDocument, { campaignNumber: campaign.number, limit: 100 }, bearer(fairway));
    expect(after.data!.campaign!.totalEmployeeCount).toBe(before.data!.campaign!.totalEmployeeCount + 1);
    expect(after.data!.campaign!.employees.items.map((employee) => employee.email)).toContain('cache.new@fairway.example');
  });
});
