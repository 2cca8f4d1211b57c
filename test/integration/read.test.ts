import {
  AssetLookupDocument,
  AssetsPageDocument,
  CampaignDetailsDocument,
  CampaignsPageDocument,
  UserByEmailDocument,
  UsersPageDocument,
} from '../../schema/generated/operations';
import fetch from 'node-fetch';
import { loadConfig } from '../../src/config';
import type { SimCompany } from '../../src/simulator/model';
import { startHarness, type Harness } from '../support/harness';

let harness: Harness;
let fairway: SimCompany;

beforeAll(async () => {
  harness = await startHarness({ gateway: { corsOrigins: ['https://app.example.com'] } });
  fairway = harness.simulator.companies.find((company) => company.id === 317)!;
});
afterAll(() => harness.stop());
beforeEach(() => harness.simulator.clearLog());

describe('pagination', () => {
  it('the last page of users is short and has no next page', async () => {
    const lastPage = Math.ceil(fairway.users.length / 10);
    const result = await harness.request(UsersPageDocument, { page: lastPage });
    expect(result.data!.users.items).toHaveLength(fairway.users.length % 10 || 10);
    expect(result.data!.users.pageInfo).toEqual({
      page: lastPage,
      limit: 10,
      totalPages: lastPage,
      totalCount: fairway.users.length,
      hasNextPage: false,
    });
  });

  it('a page past the end is empty, not an error', async () => {
    const result = await harness.request(AssetsPageDocument, { page: 999 });
    expect(result.errors).toBeUndefined();
    expect(result.data!.assets.items).toEqual([]);
    expect(result.data!.assets.pageInfo.hasNextPage).toBe(false);
  });

  it('campaigns honour the limit and count pages from it', async () => {
    const result = await harness.request(CampaignsPageDocument, { page: 2, limit: 5 });
    expect(result.data!.campaigns.items.map((campaign) => campaign.campaignNumber)).toEqual(
      fairway.campaigns.slice(5, 10).map((campaign) => campaign.number),
    );
    expect(result.data!.campaigns.pageInfo).toEqual({ page: 2, limit: 5, totalPages: 3, totalCount: 12, hasNextPage: true });
  });

  it.each([
    ['page 0', { page: 0 }, 'page'],
    ['a negative page', { page: -3 }, 'page'],
    ['a limit of 0', { limit: 0 }, 'limit'],
    ['a limit above 100', { limit: 101 }, 'limit'],
  ])('refuses %s with BAD_USER_INPUT before any upstream call', async (_name, variables, path) => {
    const result = await harness.request(CampaignsPageDocument, variables);
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fieldErrors: [{ path }] });
    expect(harness.simulator.requestLog).toHaveLength(0);
  });
});

describe('filters and lookups', () => {
  it('filters users by email', async () => {
    const result = await harness.request(UsersPageDocument, { email: 'jane.smith@example.com' });
    expect(result.data!.users.items.map((user) => user.email)).toEqual(['jane.smith@example.com']);
  });

  it('finds one user by email, case-insensitively, and null for an unknown one', async () => {
    const found = await harness.request(UserByEmailDocument, { email: 'Jane.Smith@Example.com' });
    expect(found.data!.user).toMatchObject({ email: 'jane.smith@example.com', firstName: 'Jane', phone: '0987654321' });
    const missing = await harness.request(UserByEmailDocument, { email: 'nobody@nowhere.example' });
    expect(missing.errors).toBeUndefined();
    expect(missing.data!.user).toBeNull();
  });

  it('filters assets by serial number and by asset id', async () => {
    const asset = fairway.assets[42];
    const bySerial = await harness.request(AssetsPageDocument, { serialNumber: asset.serialNumber });
    expect(bySerial.data!.assets.items.map((item) => item.assetId)).toEqual([asset.assetId]);
    const byId = await harness.request(AssetsPageDocument, { assetId: asset.assetId });
    expect(byId.data!.assets.pageInfo.totalCount).toBe(1);
  });

  it('looks an asset up by id, by serial, by both, and answers null when they disagree', async () => {
    const [asset, other] = [fairway.assets[7], fairway.assets[8]];
    for (const variables of [
      { assetId: asset.assetId },
      { serialNumber: asset.serialNumber },
      { assetId: asset.assetId, serialNumber: asset.serialNumber },
    ]) {
      const result = await harness.request(AssetLookupDocument, variables);
      expect(result.data!.asset?.assetId).toBe(asset.assetId);
    }
    const mismatch = await harness.request(AssetLookupDocument, { assetId: asset.assetId, serialNumber: other.serialNumber });
    expect(mismatch.data!.asset).toBeNull();
  });

  it('refuses an asset lookup with neither id nor serial number', async () => {
    const result = await harness.request(AssetLookupDocument, {});
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('answers null for a campaign the upstream does not know (404)', async () => {
    const result = await harness.request(CampaignDetailsDocument, { campaignNumber: '99999999999999' });
    expect(result.errors).toBeUndefined();
    expect(result.data!.campaign).toBeNull();
    expect(harness.simulator.requestLog.map((entry) => entry.status)).toEqual([404]);
  });

  it('refuses a campaign number that is not digits, without calling the upstream', async () => {
    const result = await harness.request(CampaignDetailsDocument, { campaignNumber: '../users' });
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(harness.simulator.requestLog).toHaveLength(0);
  });
});

describe('clean values from the upstream quirks', () => {
  it('maps human dates, state objects, "null" links and empty strings', async () => {
    const campaign = fairway.campaigns.find((entry) =>
      entry.employees.some((employee) => employee.shipped.forward && !employee.shipped.back),
    )!;
    const result = await harness.request(CampaignDetailsDocument, { campaignNumber: campaign.number, limit: 100 });
    const details = result.data!.campaign!;
    expect(details.startDate).toBe(campaign.startDate.toISOString().slice(0, 10));
    expect(details.totalDeviceCount).toBe(campaign.employees.reduce((sum, employee) => sum + employee.items.length, 0));
    expect(details.totalEmployeeCount).toBe(campaign.employees.length);

    const shippedOut = details.employees.items.find((employee) => employee.tracking.length && !employee.tracking[0].return)!;
    expect(shippedOut.tracking[0].outbound).toMatchObject({ trackingNumber: expect.stringMatching(/^1Z/) });
    expect(shippedOut.tracking[0].return).toBeNull(); // "" and null on the wire
    expect(shippedOut.lastUpdated).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const withState = details.employees.items.find((employee) => employee.address.state)!;
    const source = campaign.employees.find((employee) => employee.email === withState.email)!;
    expect(withState.address.state).not.toBe(source.state); // the name, not the code
    expect(withState.address.country).toBe(source.country);
  });

  it('serves ISO purchase dates as dates and empty imei/sku strings as null', async () => {
    const asset = fairway.assets.find((entry) => entry.imei === '' && entry.sku === '')!;
    const result = await harness.request(AssetLookupDocument, { assetId: asset.assetId });
    expect(result.data!.asset).toMatchObject({ purchaseDate: asset.purchaseDate, imei: null, sku: null });
  });

  it('serves an empty second address line as null', async () => {
    const result = await harness.request(UserByEmailDocument, { email: 'john.doe@example.com' });
    expect(result.data!.user!.address).toEqual({
      line1: '1234 Elm Street',
      line2: null,
      city: 'Los Angeles',
      state: 'CA',
      zip: '90001',
      country: 'US',
    });
  });
});

describe('CORS', () => {
  it('lets a configured browser origin call the gateway', async () => {
    const response = await fetch(harness.endpoint, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST' },
    });
    expect(response.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
  });

  it.each([
    ['a Vite dev server on localhost, outside production', undefined, 'http://localhost:5173', 204, 'http://localhost:5173'],
    ['any port of 127.0.0.1, outside production', undefined, 'http://127.0.0.1:3000', 204, 'http://127.0.0.1:3000'],
    ['a look-alike host (answered, but not allowed: the browser stops there)', undefined, 'http://localhost.evil.example:5173', 204, null],
    ['localhost in production (an explicit list only)', 'production', 'http://localhost:5173', 400, null],
  ])('preflight from %s', async (_case, nodeEnv, origin, status, allowed) => {
    const env: Record<string, string> = nodeEnv ? { NODE_ENV: nodeEnv, UNDUIT_BASE_URL: 'https://api.example' } : {};
    const local = await startHarness({ gateway: { corsOrigins: loadConfig(env).corsOrigins } });
    try {
      const response = await fetch(local.endpoint, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
      expect(response.status).toBe(status);
      expect(response.headers.get('access-control-allow-origin')).toBe(allowed);
    } finally {
      await local.stop();
    }
  });
});
