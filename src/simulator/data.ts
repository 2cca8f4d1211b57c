/**
 * Deterministic seed data for two companies of different size and content: users, assets assigned
 * to them, campaigns whose employees are real users returning their real assets.
 */
import { ASSET_STATUSES, CAMPAIGN_TITLES, COUNTRIES, DEVICE_MODELS, FIRST_NAMES, LAST_NAMES, RECOVERY_STATUSES, type CountryCode } from './fixtures';
import type { SimAsset, SimCampaign, SimCompany, SimEmployee, SimItem, SimUser } from './model';
import { SeededRandom } from './random';

interface CompanyPlan {
  id: number;
  name: string;
  domain: string;
  logins: Array<{ email: string; password: string }>;
  users: number;
  assets: number;
  campaigns: number;
  countries: CountryCode[];
  /** The users and campaign number of the documents' examples, so the examples work here. */
  documentedUsers?: boolean;
}

/** The campaign number of the documents' example requests, so they work against the simulator. */
export const DOCUMENTED_CAMPAIGN = '17449821332893';

export const DEMO_LOGIN = { email: 'jane.smith@example.com', password: 'password' };
export const SECOND_COMPANY_LOGIN = { email: 'ops@northwind.example', password: 'northwind-demo' };

const PLANS: CompanyPlan[] = [
  {
    id: 317,
    name: 'Fairway Independent Mortgage',
    domain: 'fairway.example',
    logins: [DEMO_LOGIN],
    users: 465,
    assets: 523,
    campaigns: 12,
    countries: ['US', 'US', 'US', 'IN', 'FR', 'GB'],
    documentedUsers: true,
  },
  {
    id: 318,
    name: 'Northwind Traders',
    domain: 'northwind.example',
    logins: [SECOND_COMPANY_LOGIN],
    users: 120,
    assets: 140,
    campaigns: 3,
    countries: ['GB', 'FR', 'US'],
  },
];

export function seedCompanies(): SimCompany[] {
  return PLANS.map((plan) => seedCompany(plan, new SeededRandom(plan.id * 7919)));
}

function seedCompany(plan: CompanyPlan, random: SeededRandom): SimCompany {
  const users = seedUsers(plan, random);
  const assets = seedAssets(plan, users, random);
  const campaigns = seedCampaigns(plan, users, assets, random);
  return { id: plan.id, name: plan.name, domain: plan.domain, logins: plan.logins, users, assets, campaigns };
}

function seedUsers(plan: CompanyPlan, random: SeededRandom): SimUser[] {
  const users: SimUser[] = [];
  if (plan.documentedUsers) {
    users.push(documentedUser('John', 'Doe', 'john.doe@example.com', '1234567890', 'Los Angeles', 'CA', '90001', '1234 Elm Street', ''));
    users.push(documentedUser('Jane', 'Smith', 'jane.smith@example.com', '0987654321', 'New York', 'NY', '10001', '5678 Oak Avenue', 'Unit 202'));
  }
  for (let n = users.length; n < plan.users; n += 1) {
    const firstName = random.pick(FIRST_NAMES);
    const lastName = random.pick(LAST_NAMES);
    const country = random.pick(plan.countries);
    const fixture = COUNTRIES[country];
    const place = random.pick(fixture.places);
    const remote = random.chance(0.7);
    users.push({
      firstName,
      lastName,
      email: `${firstName}.${lastName}.${n}@${plan.domain}`.toLowerCase(),
      country,
      phone: (country === 'GB' ? '7' : String(random.int(6, 9))) + random.digits(fixture.phoneDigits - 1),
      state: place.state,
      city: place.city,
      zip: place.zip,
      address1: `${random.int(1, 9999)} ${random.pick(['Elm', 'Oak', 'Market', 'High', 'Station', 'Park'])} ${random.pick(['Street', 'Road', 'Avenue'])}`,
      // The upstream writes a missing second line as "".
      address2: random.chance(0.3) ? `Unit ${random.int(1, 400)}` : '',
      locationName: remote ? null : `${place.city} Office`,
      locationType: remote ? 'Remote Employee' : 'Office',
    });
  }
  return users;
}

function documentedUser(
  firstName: string, lastName: string, email: string, phone: string,
  city: string, stateCode: string, zip: string, address1: string, address2: string,
): SimUser {
  const state = COUNTRIES.US.places.find((place) => place.state?.code === stateCode)?.state ?? null;
  return { firstName, lastName, email, country: 'US', phone, state, city, zip, address1, address2, locationName: null, locationType: 'Remote Employee' };
}

function seedAssets(plan: CompanyPlan, users: SimUser[], random: SeededRandom): SimAsset[] {
  const assets: SimAsset[] = [];
  for (let n = 0; n < plan.assets; n += 1) {
    const model = random.pick(DEVICE_MODELS);
    const status = random.pick(ASSET_STATUSES);
    const holder = status === 'In Use' ? random.pick(users) : null;
    const year = random.int(2021, 2025);
    assets.push({
      assetId: `${model.prefix}-${String(n).padStart(4, '0')}-${random.alphanumeric(8)}`,
      modelName: model.modelName,
      modelNumber: model.modelNumber,
      productType: model.productType,
      purchaseDate: `${year}-${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`,
      serialNumber: `SN-${random.alphanumeric(10)}`,
      imei: model.mobile && model.productType === 'Phone' ? `35${random.digits(13)}` : '',
      imei2: model.productType === 'Phone' && random.chance(0.3) ? `35${random.digits(13)}` : '',
      sku: random.chance(0.6) ? `SKU-${model.modelNumber}` : '',
      status,
      holderEmail: holder?.email ?? null,
    });
  }
  return assets;
}

function seedCampaigns(plan: CompanyPlan, users: SimUser[], assets: SimAsset[], random: SeededRandom): SimCampaign[] {
  const holders = users.filter((user) => assets.some((asset) => asset.holderEmail === user.email));
  const campaigns: SimCampaign[] = [];
  for (let n = 0; n < plan.campaigns; n += 1) {
    const country = random.pick(plan.countries);
    const inCountry = holders.filter((user) => user.country === country);
    // The first campaign is large enough to need several pages of employees.
    const pool = n === 0 || inCountry.length < 5 ? holders : inCountry;
    const size = Math.min(pool.length, n === 0 ? 57 : random.int(3, 14));
    const chosen = shuffle(pool, random).slice(0, size);
    const startDate = new Date(Date.UTC(2023 + (n % 3), random.int(0, 11), random.int(1, 28)));
    campaigns.push({
      number: plan.documentedUsers && n === 0 ? DOCUMENTED_CAMPAIGN : `174${String(plan.id).padStart(4, '0')}${String(n).padStart(3, '0')}${random.digits(4)}`,
      title: CAMPAIGN_TITLES[(n + plan.id) % CAMPAIGN_TITLES.length],
      startDate,
      country,
      helpdeskEmail: random.chance(0.5) ? `helpdesk@${plan.domain}` : null,
      employees: chosen.map((user, index) => seedEmployee(plan, campaigns.length, index, user, assets, startDate, random)),
    });
  }
  return campaigns.sort((a, b) => b.startDate.getTime() - a.startDate.getTime());
}

function seedEmployee(
  plan: CompanyPlan, campaignIndex: number, index: number, user: SimUser,
  assets: SimAsset[], startDate: Date, random: SeededRandom,
): SimEmployee {
  const held = assets.filter((asset) => asset.holderEmail === user.email).slice(0, 4);
  const items: SimItem[] = held.map((asset) => ({
    item: asset.modelName,
    // Some items are listed by serial number only, as customers often do.
    item_serial_no: asset.serialNumber,
    item_asset_id: random.chance(0.8) ? asset.assetId : null,
    item_imei: asset.imei || null,
    custom_field_1: random.chance(0.3) ? `${startDate.getUTCFullYear()}-issue` : null,
    custom_field_2: null,
  }));
  if (random.chance(0.25)) items.push({ item: 'Power adapter', item_serial_no: null, item_asset_id: null, item_imei: null, custom_field_1: null, custom_field_2: null });
  const status = random.pick(RECOVERY_STATUSES);
  const shippedOut = status !== 'Order Received';
  const shippedBack = status === 'Device Received' || status === 'Completed';
  return {
    recoveryId: `${plan.id}${String(campaignIndex).padStart(3, '0')}${String(index).padStart(4, '0')}${random.digits(5)}`,
    email: user.email,
    firstName: user.firstName,
    lastName: user.lastName,
    phoneCountry: user.country,
    phone: user.phone,
    country: user.country,
    state: user.state?.code ?? null,
    city: user.city,
    zip: user.zip,
    address1: user.address1,
    address2: user.address2 || null,
    items,
    status,
    shipped: {
      forward: shippedOut ? `1Z${random.alphanumeric(16)}` : null,
      back: shippedBack ? `1Z${random.alphanumeric(16)}` : null,
    },
    lastUpdated: new Date(startDate.getTime() + random.int(1, 60) * 86_400_000),
    recoveryReason: random.pick([1, 2, 3, null]),
    recoveryReasonNote: null,
  };
}

function shuffle<T>(items: readonly T[], random: SeededRandom): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = random.int(0, i);
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}
