import {
  CampaignDetailsDocument,
  InventoryReportDocument,
  RecoveryReportDocument,
  UsersPageDocument,
} from '../../schema/generated/operations';
import type { SimCompany } from '../../src/simulator/model';
import { startHarness, type Harness } from '../support/harness';
import { repeatedRequests } from '../support/request-log';

let harness: Harness;
let fairway: SimCompany;

beforeAll(async () => {
  harness = await startHarness();
  fairway = harness.simulator.companies.find((company) => company.id === 317)!;
});
afterAll(() => harness.stop());
beforeEach(() => harness.simulator.clearLog());

describe('one GraphQL request sends each distinct upstream request once', () => {
  it('users -> assignedAssets -> assignedUser costs exactly one upstream request', async () => {
    const result = await harness.request(UsersPageDocument, { page: 1 });
    expect(result.errors).toBeUndefined();
    const withAssets = result.data!.users.items.filter((user) => user.assignedAssets.length > 0);
    expect(withAssets.length).toBeGreaterThan(0);
    for (const user of withAssets) {
      for (const asset of user.assignedAssets) expect(asset.assignedUser?.email).toBe(user.email);
    }
    expect(harness.simulator.requestLog).toHaveLength(1);
    expect(result.extensions?.upstream?.requests).toBe(1);
  });

  it('a recovery report costs at most one details request, the list pages up to the campaign, and one request per distinct user and asset', async () => {
    const index = 11; // on the second page of the campaign list
    const campaign = fairway.campaigns[index];
    const items = campaign.employees.flatMap((employee) => employee.items);
    const assetIds = new Set(items.flatMap((item) => (item.item_asset_id ? [item.item_asset_id] : [])));
    const serialOnly = new Set(items.flatMap((item) => (!item.item_asset_id && item.item_serial_no ? [item.item_serial_no] : [])));
    const holders = fairway.assets
      .filter((asset) => assetIds.has(asset.assetId) || serialOnly.has(asset.serialNumber))
      .flatMap((asset) => (asset.holderEmail ? [asset.holderEmail] : []));
    const emails = new Set([...campaign.employees.map((employee) => employee.email), ...holders]);
    const listPages = Math.floor(index / 10) + 1;
    const expected = 1 + listPages + emails.size + assetIds.size + serialOnly.size;

    const result = await harness.request(RecoveryReportDocument, { campaignNumber: campaign.number });

    expect(result.errors).toBeUndefined();
    expect(result.data!.campaign!.employees.items).toHaveLength(campaign.employees.length);
    expect(repeatedRequests(harness.simulator.requestLog)).toEqual([]);
    // One lookup per key is the most; the planner may scan instead (planner.test.ts says when).
    expect(harness.simulator.requestLog.length).toBeLessThanOrEqual(expected);
    expect(result.extensions?.upstream?.requests).toBe(harness.simulator.requestLog.length);
  });

  it('campaigns -> employees -> items -> asset -> assignedUser sends at most one request per distinct resource', async () => {
    const query = `query {
      campaigns(limit: 3) { items { campaignNumber employees(limit: 100) { items { email items { asset { assetId assignedUser { email } } } } } } }
    }`;
    const campaigns = fairway.campaigns.slice(0, 3);
    const items = campaigns.flatMap((campaign) => campaign.employees.flatMap((employee) => employee.items));
    const ids = new Set(items.flatMap((item) => (item.item_asset_id ? [item.item_asset_id] : [])));
    const serials = new Set(items.flatMap((item) => (!item.item_asset_id && item.item_serial_no ? [item.item_serial_no] : [])));
    const holders = new Set(
      fairway.assets
        .filter((asset) => ids.has(asset.assetId) || serials.has(asset.serialNumber))
        .flatMap((asset) => (asset.holderEmail ? [asset.holderEmail] : [])),
    );
    const expected = 1 + campaigns.length + ids.size + serials.size + holders.size;

    const result = await harness.raw(query, undefined, { authorization: `Bearer ${harness.tokens.fairway}` });

    expect(result.errors).toBeUndefined();
    expect(repeatedRequests(harness.simulator.requestLog)).toEqual([]);
    expect(harness.simulator.requestLog.length).toBeLessThanOrEqual(expected);
  });

  it('an inventory report of five asset pages fetches each page once and each distinct holder once', async () => {
    const assets = fairway.assets.slice(0, 50);
    const holders = new Set(assets.flatMap((asset) => (asset.holderEmail ? [asset.holderEmail] : [])));

    const result = await harness.request(InventoryReportDocument, {});

    expect(result.errors).toBeUndefined();
    expect(result.data!.page5.items).toHaveLength(10);
    expect(repeatedRequests(harness.simulator.requestLog)).toEqual([]);
    expect(harness.simulator.requestLog).toHaveLength(5 + holders.size);
  });

  it('a campaign and its selected employees page share one details request', async () => {
    const campaign = fairway.campaigns.find((entry) => entry.employees.length === 57)!;
    const result = await harness.request(CampaignDetailsDocument, { campaignNumber: campaign.number, page: 2, limit: 20 });

    expect(result.data!.campaign!.employees.pageInfo).toEqual({ page: 2, limit: 20, totalPages: 3, totalCount: 57, hasNextPage: true });
    const details = harness.simulator.requestLog.filter((entry) => entry.path.startsWith('/recover/employees/details/'));
    expect(details).toHaveLength(1);
    expect(details[0].query).toEqual({ page: '2', limit: '20' });
  });
});
