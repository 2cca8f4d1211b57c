/**
 * Per-request loaders of users and assets. Invariant: every user and asset seen in any upstream
 * answer of this request is primed, so it is never fetched again in the same request; an asset
 * embedded in a user carries that user's email, so its `assignedUser` costs nothing.
 */
import type { UpstreamTransport } from '../../core/http/upstream-session';
import { perKeyLoader, type LoaderOptions } from '../../core/loaders/per-key-loader';
import type { Asset } from './asset.type';
import { emailKey, mapListedAsset, mapUser } from './map';
import { fetchAssetsPage, fetchUsersPage } from './rest';
import type { User } from './user.type';

export type ManageLoaders = ReturnType<typeof createManageLoaders>;

const sameText = (a: string | null, b: string) => a !== null && a.trim().toLowerCase() === b.trim().toLowerCase();

export function createManageLoaders(upstream: UpstreamTransport, options: LoaderOptions) {
  const userByEmail = perKeyLoader<string, User | null>(
    async (email) => {
      const page = await fetchUsersPage(upstream, { page: 1, email });
      // The documents do not say whether the filter is exact; pick the exact match ourselves.
      const users = primeUsers(page.users.map(mapUser));
      return users.find((user) => sameText(user.email, email)) ?? null;
    },
    { ...options, cacheKeyFn: emailKey },
  );

  const assetById = perKeyLoader<string, Asset | null>(
    async (assetId) => {
      const page = await fetchAssetsPage(upstream, { page: 1, assetId });
      return primeAssets(page.assets.map(mapListedAsset)).find((asset) => sameText(asset.assetId, assetId)) ?? null;
    },
    { ...options, cacheKeyFn: (id) => id.trim() },
  );

  const assetBySerial = perKeyLoader<string, Asset | null>(
    async (serialNumber) => {
      const page = await fetchAssetsPage(upstream, { page: 1, serialNumber });
      const assets = primeAssets(page.assets.map(mapListedAsset));
      return assets.find((asset) => sameText(asset.serialNumber, serialNumber)) ?? null;
    },
    { ...options, cacheKeyFn: (serial) => serial.trim() },
  );

  /** By asset ID when given (and then it must also carry the serial number, if given), else by serial. */
  async function assetByIdOrSerial(assetId?: string | null, serialNumber?: string | null): Promise<Asset | null> {
    if (!assetId) return serialNumber ? assetBySerial.load(serialNumber) : null;
    const asset = await assetById.load(assetId);
    if (asset && serialNumber && !sameText(asset.serialNumber, serialNumber)) return null;
    return asset;
  }

  function primeUsers(users: User[]): User[] {
    for (const user of users) {
      if (user.email) userByEmail.prime(user.email, user);
      primeAssets(user.assignedAssets);
    }
    return users;
  }

  function primeAssets(assets: Asset[]): Asset[] {
    for (const asset of assets) {
      if (asset.assetId) assetById.prime(asset.assetId, asset);
      if (asset.serialNumber) assetBySerial.prime(asset.serialNumber, asset);
    }
    return assets;
  }

  return { userByEmail, assetById, assetBySerial, assetByIdOrSerial, primeUsers, primeAssets };
}
