/**
 * Deterministic seed data for two companies of different size and content; each app's data.ts seeds
 * its own records (users and assets; campaigns of those users returning those assets).
 */
import { seedAssets, seedUsers } from './apps/manage/data';
import { seedCampaigns } from './apps/recover/data';
import type { CountryCode } from './fixtures';
import type { SimCompany } from './model';
import { SeededRandom } from './random';

export { DOCUMENTED_CAMPAIGN } from './apps/recover/data';

export interface CompanyPlan {
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
  /** How many times the demo company's size: users, assets and the first campaign's employees. */
  scale: number;
  /** A campaign just created, with no employee yet (what a new campaign looks like upstream). */
  emptyCampaign?: boolean;
}

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
    scale: 1,
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
    scale: 1,
    emptyCampaign: true,
  },
];

/**
 * `scale`: every company that many times larger (users, assets, the first campaign's employees), for
 * measuring how the gateway's cost grows with a tenant; 1 is the demo data the tests know.
 */
export function seedCompanies(scale = 1): SimCompany[] {
  return PLANS.map((plan) =>
    seedCompany({ ...plan, users: plan.users * scale, assets: plan.assets * scale, scale }, new SeededRandom(plan.id * 7919)),
  );
}

function seedCompany(plan: CompanyPlan, random: SeededRandom): SimCompany {
  const users = seedUsers(plan, random);
  const assets = seedAssets(plan, users, random);
  const campaigns = seedCampaigns(plan, users, assets, random);
  return { id: plan.id, name: plan.name, domain: plan.domain, logins: plan.logins, users, assets, campaigns };
}
