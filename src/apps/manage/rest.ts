/**
 * The Manage app's endpoints, as the documents publish them (api-collection.txt, "Manage").
 * Raw types mirror the wire, PascalCase keys included; map.ts turns them into graph objects.
 */
import type { UpstreamTransport } from '../../core/http/upstream-session';

/** An asset as embedded in a user's `AssignedAssets`. */
export interface RawAssignedAsset {
  assetId: string;
  modelName: string | null;
  modelNumber: string | null;
  productType: string | null;
  purchaseDate: string | null;
  serialNumber: string | null;
  imei: string | null;
  imei2: string | null;
  sku: string | null;
  assetStatus: string | null;
}

export interface RawUser {
  FirstName: string | null;
  LastName: string | null;
  LocationName: string | null;
  PhoneCountryCode: string | null;
  /** The phone number. */
  ContactInfo: string | null;
  Email: string;
  Country: string | null;
  /** A state code, e.g. `CA`. */
  State: string | null;
  City: string | null;
  Zip: string | null;
  LocationType: string | null;
  Address_1: string | null;
  Address_2: string | null;
  AssignedAssets: RawAssignedAsset[] | null;
}

export interface RawUsersPage {
  totalUsers: number;
  totalPages: number;
  currentPage: number;
  users: RawUser[];
}

/** The holder of an asset, as the assets list gives it: a name and an email, not a full user. */
export interface RawAssetHolder {
  firstname: string | null;
  lastname: string | null;
  username: string | null;
  email: string | null;
}

export interface RawAsset extends RawAssignedAsset {
  AssignedUser: RawAssetHolder | null;
}

export interface RawAssetsPage {
  currentPage: number;
  totalPages: number;
  totalItems: number;
  assets: RawAsset[];
}

/** The upstream's fixed page size for users and assets (they take no `limit`). */
export const MANAGE_PAGE_SIZE = 10;

export async function fetchUsersPage(upstream: UpstreamTransport, params: { page: number; email?: string | null }): Promise<RawUsersPage> {
  const raw = await upstream.get<RawUsersPage>({
    endpoint: 'GET /users',
    path: '/users',
    query: { page: params.page, email: params.email },
  });
  // A page without its list is read as empty rather than failing every caller.
  return { ...raw, users: raw.users ?? [] };
}

export async function fetchAssetsPage(
  upstream: UpstreamTransport,
  params: { page: number; serialNumber?: string | null; assetId?: string | null },
): Promise<RawAssetsPage> {
  const raw = await upstream.get<RawAssetsPage>({
    endpoint: 'GET /assets',
    path: '/assets',
    query: { page: params.page, serialNumber: params.serialNumber, assetId: params.assetId },
  });
  return { ...raw, assets: raw.assets ?? [] };
}
