/** The five benchmark scenarios: each a real operation from schema/operations, and its floor. */
import { print } from 'graphql';
import fetch from 'node-fetch';
import {
  AllCampaignsReportDocument,
  BulkAddRecoveryEmployeesDocument,
  InventoryReportDocument,
  InventoryWithHoldersDocument,
  RecoveryReportDocument,
  UsersPageDocument,
} from '../schema/generated/operations';

export type Variant = 'gateway' | 'floor' | 'unbatched';

export interface Target {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  /** Builds the n-th request's body; writes need fresh emails every time. */
  body?: (n: number) => string;
}

export interface Scenario {
  id: number;
  title: string;
  /** Which gateway serves the optimised run: shared cache off, or on (scenario 2). */
  gateway: 'nocache' | 'cache';
  target(variant: Variant, urls: Urls): Target;
  /** Scenario 2 shares its floor and unbatched runs with scenario 1 (the same requests). */
  reuses?: number;
  /** Whether the unbatched baseline is measured (not for the planner's scenarios: hundreds of calls per operation). */
  unbatched?: boolean;
  /** Highest concurrency measured: 64 whole-company reports at once finish none within a run. */
  maxConcurrency?: number;
  /** Upstream calls allowed above the floor script's: the planner's probe of a list whose size it does not know yet. */
  probeAllowance?: number;
}

export interface Urls {
  simulator: string;
  floor: string;
  gateway: string;
  unbatched: string;
  token: string;
  recoveryCampaign: string;
  bulkCampaign: string;
}

/** Each request carries only its operation and the fragments it uses, as a client built with codegen sends. */
const DOCUMENTS: Record<string, string> = {
  UsersPage: print(UsersPageDocument),
  RecoveryReport: print(RecoveryReportDocument),
  InventoryReport: print(InventoryReportDocument),
  BulkAddRecoveryEmployees: print(BulkAddRecoveryEmployeesDocument),
  AllCampaignsReport: print(AllCampaignsReportDocument),
  InventoryWithHolders: print(InventoryWithHoldersDocument),
};

const json = { 'content-type': 'application/json' };

/** A shipped operation posted to a gateway, with a bearer token when given (else the gateway's own account). */
export function graphql(url: string, operationName: string, variables: (n: number) => unknown, token?: string): Target {
  const query = DOCUMENTS[operationName];
  const headers = token ? { ...json, authorization: `Bearer ${token}` } : json;
  return { url, method: 'POST', headers, body: (n) => JSON.stringify({ query, operationName, variables: variables(n) }) };
}

function rest(url: string, token: string, method: 'GET' | 'POST' = 'GET', body?: (n: number) => string): Target {
  return { url, method, headers: { ...json, authorization: `Bearer ${token}` }, body };
}

const gatewayUrl = (variant: Variant, urls: Urls) => (variant === 'unbatched' ? urls.unbatched : urls.gateway);

/** 100 valid employees whose emails are new on every call (a repeat would be a 409). */
function employees(n: number) {
  return Array.from({ length: 100 }, (_, index) => ({
    email: `bench.${process.pid}.${n}.${index}@fairway.example`,
    firstName: 'Bench',
    lastName: `Employee ${index}`,
    phone: '4155550123',
    addressLine1: '1 Market Street',
    city: 'San Francisco',
    state: 'CA',
    zip: '94105',
    country: 'US',
    recoveryReason: 'REFRESH',
    items: [{ name: 'MacBook Pro 16"', serialNumber: `SN-${n}-${index}` }],
  }));
}

function wireEmployees(campaign: string, n: number) {
  return employees(n).map((employee) => ({
    campaign_number: Number(campaign),
    email: employee.email,
    firstname: employee.firstName,
    lastname: employee.lastName,
    phone: employee.phone,
    address_line_1: employee.addressLine1,
    city: employee.city,
    state: 'California',
    zip: employee.zip,
    country: employee.country,
    recovery_reason: 1,
    items: [{ item: employee.items[0].name, item_serial_no: employee.items[0].serialNumber }],
  }));
}

export const SCENARIOS: Scenario[] = [
  {
    id: 1,
    title: 'users page 1',
    gateway: 'nocache',
    target: (variant, urls) =>
      variant === 'floor'
        ? rest(`${urls.simulator}/users?page=1`, urls.token)
        : graphql(gatewayUrl(variant, urls), 'UsersPage', () => ({ page: 1 })),
  },
  {
    id: 2,
    title: 'users page 1, shared cache warm',
    gateway: 'cache',
    reuses: 1,
    target: (variant, urls) => graphql(urls.gateway, 'UsersPage', () => ({ page: 1 })),
  },
  {
    id: 3,
    title: 'recovery report (campaign -> employees -> items -> asset -> assignedUser)',
    gateway: 'nocache',
    probeAllowance: 1,
    target: (variant, urls) =>
      variant === 'floor'
        ? rest(`${urls.floor}/recovery-report?campaign=${urls.recoveryCampaign}`, urls.token)
        : graphql(gatewayUrl(variant, urls), 'RecoveryReport', () => ({ campaignNumber: urls.recoveryCampaign })),
  },
  {
    id: 4,
    title: 'inventory report (5 asset pages -> assignedUser -> assignedAssets)',
    gateway: 'nocache',
    probeAllowance: 1,
    target: (variant, urls) =>
      variant === 'floor'
        ? rest(`${urls.floor}/inventory-report`, urls.token)
        : graphql(gatewayUrl(variant, urls), 'InventoryReport', () => ({})),
  },
  {
    id: 5,
    title: 'bulk-add 100 employees',
    gateway: 'nocache',
    target: (variant, urls) =>
      variant === 'floor'
        ? rest(`${urls.simulator}/recover/campaign/employee/bulk-add`, urls.token, 'POST', (n) =>
            JSON.stringify({ campaign_number: Number(urls.bulkCampaign), users: wireEmployees(urls.bulkCampaign, n) }),
          )
        : graphql(gatewayUrl(variant, urls), 'BulkAddRecoveryEmployees', (n) => ({
            input: { campaignNumber: urls.bulkCampaign, employees: employees(n + (variant === 'unbatched' ? 1e6 : 0)) },
          })),
  },
  {
    id: 6,
    title: 'all campaigns report (every employee, user, asset, holder)',
    gateway: 'nocache',
    unbatched: false,
    maxConcurrency: 16,
    probeAllowance: 1,
    target: (variant, urls) =>
      variant === 'floor'
        ? rest(`${urls.floor}/all-campaigns-report`, urls.token)
        : graphql(gatewayUrl(variant, urls), 'AllCampaignsReport', () => ({})),
  },
  {
    id: 7,
    title: 'inventory with holder names (5 asset pages, no lookups)',
    gateway: 'nocache',
    unbatched: false,
    target: (variant, urls) =>
      variant === 'floor'
        ? rest(`${urls.floor}/inventory-with-holders`, urls.token)
        : graphql(gatewayUrl(variant, urls), 'InventoryWithHolders', () => ({})),
  },
];

/** The demo account's token, the recovery report's campaign (the largest of at most 20 employees) and another for bulk adds. */
export async function pickCampaigns(simulatorUrl: string): Promise<Pick<Urls, 'token' | 'recoveryCampaign' | 'bulkCampaign'>> {
  const login = await fetch(`${simulatorUrl}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'jane.smith@example.com', password: 'password' }),
  });
  const { token } = (await login.json()) as { token: string };
  const list = await fetch(`${simulatorUrl}/recover/campaigns?page=1&limit=10`, { headers: { authorization: `Bearer ${token}` } });
  const { campaigns } = (await list.json()) as { campaigns: Array<{ campaign_number: string; total_employee: number }> };
  const report = campaigns.filter((campaign) => campaign.total_employee <= 20).sort((a, b) => b.total_employee - a.total_employee)[0];
  const bulk = campaigns.find((campaign) => campaign !== report)!;
  return { token, recoveryCampaign: report.campaign_number, bulkCampaign: bulk.campaign_number };
}
