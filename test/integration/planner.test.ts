/**
 * The planner against the running simulator: what an upstream answer already embedded costs nothing,
 * and a batch of lookups becomes a scan of the list when that is cheaper; counts from the data.
 */
import { RecoveryReportDocument } from '../../schema/generated/operations';
import type { SimCompany } from '../../src/simulator/model';
import { bearer, startHarness, type Harness } from '../support/harness';
import { repeatedRequests } from '../support/request-log';

const PAGE = 10;
let harness: Harness;
let fairway: SimCompany;

beforeAll(async () => {
  harness = await startHarness();
  fairway = harness.companies.fairway;
});
afterAll(() => harness.stop());
beforeEach(() => harness.simulator.clearLog());

const pages = (rows: number) => Math.ceil(rows / PAGE);
const unfiltered = (path: string) =>
  harness.simulator.requestLog.filter((entry) => entry.path === path && Object.keys(entry.query).join() === 'page');

describe('embedded fields cost nothing', () => {
  it("assets with their holder's email and name cost the assets page alone", async () => {
    const result = await harness.raw<{
      assets: { items: Array<{ assetId: string; assignedUser: { email: string; firstName: string; lastName: string } | null }> };
    }>(
      '{ assets(page: 3) { items { assetId assignedUser { __typename email ...Name } } } } fragment Name on User { firstName lastName }',
      undefined,
      bearer(harness.tokens.fairway),
    );
    expect(result.errors).toBeUndefined();
    expect(harness.simulator.requestLog).toHaveLength(1);
    const users = new Map(fairway.users.map((user) => [user.email, user]));
    for (const item of result.data!.assets.items) {
      const asset = fairway.assets.find((entry) => entry.assetId === item.assetId)!;
      const holder = asset.holderEmail ? users.get(asset.holderEmail)! : null;
      expect(item.assignedUser).toEqual(
        holder && { __typename: 'User', email: holder.email, firstName: holder.firstName, lastName: holder.lastName },
      );
    }
  });

  it('a field the embedded holder lacks (the address) still looks the holder up', async () => {
    const result = await harness.raw<{ assets: { items: Array<{ assignedUser: { address: { city: string | null } } | null }> } }>(
      '{ assets(page: 3) { items { assignedUser { email address { city } } } } }',
      undefined,
      bearer(harness.tokens.fairway),
    );
    expect(result.errors).toBeUndefined();
    const holders = new Set(fairway.assets.slice(20, 30).flatMap((asset) => (asset.holderEmail ? [asset.holderEmail] : [])));
    expect(holders.size).toBeGreaterThan(0);
    expect(harness.simulator.requestLog).toHaveLength(1 + holders.size);
  });
});

describe('seek or scan', () => {
  it("every employee of every campaign, with its user and every item's asset and holder, costs at most min(seek, scan) + 1", async () => {
    const query = `{ campaigns(limit: 100) { items { campaignNumber employees(limit: 100) { items {
      email user { email locationType } items { serialNumber asset { assetId assignedUser { email address { city } } } } } } } } }`;
    const employees = fairway.campaigns.flatMap((campaign) => campaign.employees);
    const items = employees.flatMap((employee) => employee.items);
    const ids = new Set(items.flatMap((item) => (item.item_asset_id ? [item.item_asset_id] : [])));
    const serials = new Set(items.flatMap((item) => (!item.item_asset_id && item.item_serial_no ? [item.item_serial_no] : [])));
    const found = fairway.assets.filter((asset) => ids.has(asset.assetId) || serials.has(asset.serialNumber!));
    const emails = new Set([
      ...employees.map((employee) => employee.email),
      ...found.flatMap((asset) => (asset.holderEmail ? [asset.holderEmail] : [])),
    ]);
    const base = 1 + fairway.campaigns.length; // the list, then each campaign's details (all under 100 employees)
    const seek = base + emails.size + ids.size + serials.size;
    const scan = base + pages(fairway.users.length) + pages(fairway.assets.length);

    const result = await harness.raw<{
      campaigns: {
        items: Array<{
          employees: {
            items: Array<{
              email: string;
              user: { email: string } | null;
              items: Array<{ asset: { assetId: string; assignedUser: { email: string } | null } | null }>;
            }>;
          };
        }>;
      };
    }>(query, undefined, bearer(harness.tokens.fairway));

    expect(result.errors).toBeUndefined();
    expect(repeatedRequests(harness.simulator.requestLog)).toEqual([]);
    expect(harness.simulator.requestLog.length).toBeLessThanOrEqual(Math.min(seek, scan) + 1);
    expect(seek).toBeGreaterThan(scan); // the data makes scanning the cheaper plan: this operation must scan
    // The answers are the same as lookups would give.
    const users = new Set(fairway.users.map((user) => user.email));
    const assets = new Map(fairway.assets.map((asset) => [asset.assetId, asset]));
    const answered = result.data!.campaigns.items.flatMap((campaign) => campaign.employees.items);
    expect(answered).toHaveLength(employees.length);
    for (const employee of answered) {
      expect(employee.user?.email ?? null).toBe(users.has(employee.email) ? employee.email : null);
      for (const item of employee.items) {
        if (item.asset) expect(item.asset.assignedUser?.email ?? null).toBe(assets.get(item.asset.assetId)!.holderEmail);
      }
    }
  });

  it('a recovery report of one small campaign still seeks: one lookup per user, and per asset its users did not bring, no list page', async () => {
    const campaign = fairway.campaigns[0];
    const emails = new Set(campaign.employees.map((employee) => employee.email));
    const items = campaign.employees.flatMap((employee) => employee.items);
    // Users embed the assets they hold: an asset held by one of the campaign's users arrives with that user.
    const broughtByUsers = fairway.assets.filter(
      (asset) => asset.holderEmail && emails.has(asset.holderEmail) && fairway.users.some((user) => user.email === asset.holderEmail),
    );
    const brought = new Set(broughtByUsers.flatMap((asset) => [asset.assetId, asset.serialNumber]));
    const keys = new Set(
      items.flatMap((item) => (item.item_asset_id ? [item.item_asset_id] : item.item_serial_no ? [item.item_serial_no] : [])),
    );
    const lookedUp = [...keys].filter((key) => !brought.has(key));
    expect(lookedUp.length).toBeLessThan(keys.size); // the data holds assets the users bring, or this proves nothing

    // Twice: the second time the assets list's size is known (no probe), and its lookups must still wait for the users'.
    for (let run = 0; run < 2; run += 1) {
      harness.simulator.clearLog();
      const result = await harness.request(RecoveryReportDocument, { campaignNumber: campaign.number });

      expect(result.errors).toBeUndefined();
      expect(unfiltered('/users')).toEqual([]);
      expect(unfiltered('/assets')).toEqual([]);
      const lookups = harness.simulator.requestLog.filter((entry) => entry.path === '/users' || entry.path === '/assets');
      expect(lookups).toHaveLength(emails.size + lookedUp.length);
    }
  });
});
