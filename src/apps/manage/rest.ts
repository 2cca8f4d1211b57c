/**
 * The Manage app's endpoints (api-collection.txt, "Manage"), each declared once, and the functions that
 * call them. Users and assets answer 10 rows a page and take no `limit`.
 */
import { endpoint } from '../../core/http/endpoint';
import type { UpstreamTransport } from '../../core/upstream/session';
import type { RawAssetsPage, RawUsersPage } from './wire';

/** The upstream's fixed page size for users and assets. */
export const MANAGE_PAGE_SIZE = 10;

export const usersEndpoint = endpoint('GET', '/users', {
  cache: {
    ttlSeconds: 60,
    variable: 'CACHE_TTL_USERS',
    reason:
      "long enough to absorb a dashboard's burst and a BI tool's repeated pages, short enough that a change made in Unduit's own app shows within a minute",
  },
});

export const assetsEndpoint = endpoint('GET', '/assets', {
  cache: { ttlSeconds: 60, variable: 'CACHE_TTL_ASSETS', reason: 'as for users' },
});

export const manageEndpoints = [usersEndpoint, assetsEndpoint];

export async function fetchUsersPage(upstream: UpstreamTransport, params: { page: number; email?: string | null }): Promise<RawUsersPage> {
  const raw = await upstream.get<RawUsersPage>(usersEndpoint.request({}, { query: { page: params.page, email: params.email } }));
  // A page without its list is read as empty rather than failing every caller.
  return { ...raw, users: raw.users ?? [] };
}

export async function fetchAssetsPage(
  upstream: UpstreamTransport,
  params: { page: number; serialNumber?: string | null; assetId?: string | null },
): Promise<RawAssetsPage> {
  const query = { page: params.page, serialNumber: params.serialNumber, assetId: params.assetId };
  const raw = await upstream.get<RawAssetsPage>(assetsEndpoint.request({}, { query }));
  return { ...raw, assets: raw.assets ?? [] };
}
