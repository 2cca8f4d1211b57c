/**
 * The Recover app's endpoints, each declared once, and the functions that call them. A write names the
 * reads it makes stale (the campaign's details and the campaign list's counts); the session forgets
 * them for every caller once the write succeeded, or may have.
 */
import { endpoint } from '../../core/http/endpoint';
import type { UpstreamTransport } from '../../core/upstream/session';
import type { RawAddEmployeeResponse, RawBulkAddResponse, RawCampaignDetails, RawCampaignsPage, RawEmployeeWrite } from './wire';

export const campaignsEndpoint = endpoint('GET', '/recover/campaigns', {
  cache: { ttlSeconds: 30, variable: 'CACHE_TTL_CAMPAIGNS', reason: 'counts move as employees are added and devices come back' },
});

export const campaignDetailsEndpoint = endpoint('GET', '/recover/employees/details/:campaign_number', {
  cache: {
    ttlSeconds: 15,
    variable: 'CACHE_TTL_CAMPAIGN_DETAILS',
    reason: 'changes most (employees added, statuses move), so it is kept least',
  },
});

/** What a write to a campaign makes stale: its details (every page) and the list's counts. */
const campaignReads = (campaignNumber: unknown) => [
  campaignDetailsEndpoint.path({ campaign_number: String(campaignNumber) }),
  campaignsEndpoint.path({}),
];

export const addEmployeeEndpoint = endpoint('POST', '/recover/campaign/employee/add', {
  invalidates: (body: RawEmployeeWrite) => campaignReads(body.campaign_number),
});

/** Each user repeats `campaign_number`, as the bulk page documents. */
export const bulkAddEndpoint = endpoint('POST', '/recover/campaign/employee/bulk-add', {
  invalidates: (body: RawBulkAddBody) => campaignReads(body.campaign_number),
});

export const recoverEndpoints = [campaignsEndpoint, campaignDetailsEndpoint, addEmployeeEndpoint, bulkAddEndpoint];

export interface RawBulkAddBody {
  campaign_number: number;
  users: RawEmployeeWrite[];
}

export async function fetchCampaignsPage(upstream: UpstreamTransport, params: { page: number; limit: number }): Promise<RawCampaignsPage> {
  const raw = await upstream.get<RawCampaignsPage>(campaignsEndpoint.request({}, { query: params }));
  // A page without its list is read as empty rather than failing every caller.
  return { ...raw, campaigns: raw.campaigns ?? [] };
}

export function fetchCampaignDetails(upstream: UpstreamTransport, params: { campaignNumber: string; page: number; limit: number }) {
  const request = campaignDetailsEndpoint.request(
    { campaign_number: params.campaignNumber },
    { query: { page: params.page, limit: params.limit } },
  );
  return upstream.get<RawCampaignDetails>(request);
}

export function postAddEmployee(upstream: UpstreamTransport, body: RawEmployeeWrite) {
  return upstream.post<RawAddEmployeeResponse>(addEmployeeEndpoint.request({}, { body }));
}

export function postBulkAdd(upstream: UpstreamTransport, body: RawBulkAddBody) {
  return upstream.post<RawBulkAddResponse>(bulkAddEndpoint.request({}, { body }));
}
