/**
 * Per-request loaders of users and assets. Invariants: every user and asset seen in any upstream
 * answer of this request is primed, so it is never fetched again in the same request; an asset
 * embedded in a user carries that user's email, so its `assignedUser` costs nothing; a batch of
 * lookups is sent as lookups or replaced by a scan of the whole list, whichever costs fewer upstream
 * calls (core/loaders/list-scan.ts), and after a scan a key not found answers null without a call.
 */
import DataLoader from 'dataloader';
import type { UpstreamTransport } from '../../core/upstream/session';
import type { ListPage } from '../../core/graph/connection';
import { ListScanner, type ListedPage } from '../../core/loaders/list-scan';
import { asError, type LoaderOptions } from '../../core/loaders/per-key-loader';
import type { Asset } from './asset.type';
import { emailKey, mapListedAsset, mapUser } from './map';
import { fetchAssetsPage, fetchUsersPage } from './rest';
import type { User } from './user.type';

export type ManageLoaders = ReturnType<typeof createManageLoaders>;

/** An unfiltered page of users or assets: its rows (primed), and the list's size in pages and rows. */
export type ManagePage<Item> = ListPage<Item> & ListedPage;

const textKey = (text: string) => text.trim().toLowerCase();

export function createManageLoaders(upstream: UpstreamTransport, options: LoaderOptions) {
  // Everything this request has seen, by key: what a scan or any page primed.
  const usersByEmail = new Map<string, User>();
  const assetsById = new Map<string, Asset>();
  const assetsBySerial = new Map<string, Asset>();

  // The users and assets lists, page by page (for the list fields, the connections and the scans).
  const users = new ListScanner<ManagePage<User>>({
    list: 'users',
    counts: options.pageCounts,
    fetchPage: async (page) => {
      const raw = await fetchUsersPage(upstream, { page });
      return {
        items: primeUsers(raw.users.map(mapUser)),
        totalPages: Number(raw.totalPages) || 0,
        totalCount: Number(raw.totalUsers) || 0,
      };
    },
  });
  const assets = new ListScanner<ManagePage<Asset>>({
    list: 'assets',
    counts: options.pageCounts,
    // Users embed the assets they hold: a users scan or lookups under way may leave no asset to look up.
    primedBy: users,
    fetchPage: async (page) => {
      const raw = await fetchAssetsPage(upstream, { page });
      return {
        items: primeAssets(raw.assets.map(mapListedAsset)),
        totalPages: Number(raw.totalPages) || 0,
        totalCount: Number(raw.totalItems) || 0,
      };
    },
  });

  const userByEmail = seekOrScan<User>(upstream, users, usersByEmail, emailKey, options, async (email) => {
    // The documents do not say whether the filter is exact; pick the exact match ourselves.
    const page = await fetchUsersPage(upstream, { page: 1, email });
    primeUsers(page.users.map(mapUser));
    return usersByEmail.get(emailKey(email)) ?? null;
  });

  const assetById = seekOrScan<Asset>(upstream, assets, assetsById, textKey, options, async (assetId) => {
    const page = await fetchAssetsPage(upstream, { page: 1, assetId });
    primeAssets(page.assets.map(mapListedAsset));
    return assetsById.get(textKey(assetId)) ?? null;
  });

  const assetBySerial = seekOrScan<Asset>(upstream, assets, assetsBySerial, textKey, options, async (serialNumber) => {
    const page = await fetchAssetsPage(upstream, { page: 1, serialNumber });
    primeAssets(page.assets.map(mapListedAsset));
    return assetsBySerial.get(textKey(serialNumber)) ?? null;
  });

  /** By asset ID when given (and then it must also carry the serial number, if given), else by serial. */
  async function assetByIdOrSerial(assetId?: string | null, serialNumber?: string | null): Promise<Asset | null> {
    if (!assetId) return serialNumber ? assetBySerial.load(serialNumber) : null;
    const asset = await assetById.load(assetId);
    if (asset && serialNumber && textKey(asset.serialNumber ?? '') !== textKey(serialNumber)) return null;
    return asset;
  }

  function primeUsers(list: User[]): User[] {
    for (const user of list) {
      if (user.email) {
        usersByEmail.set(emailKey(user.email), user);
        userByEmail.prime(user.email, user);
      }
      primeAssets(user.assignedAssets);
    }
    return list;
  }

  function primeAssets(list: Asset[]): Asset[] {
    for (const asset of list) {
      if (asset.assetId) {
        assetsById.set(textKey(asset.assetId), asset);
        assetById.prime(asset.assetId, asset);
      }
      if (asset.serialNumber) {
        assetsBySerial.set(textKey(asset.serialNumber), asset);
        assetBySerial.prime(asset.serialNumber, asset);
      }
    }
    return list;
  }

  /** Unfiltered list pages are read through the scanners (`users.page(n)`), so the plan learns the lists' sizes. */
  return { userByEmail, assetById, assetBySerial, assetByIdOrSerial, primeUsers, primeAssets, users, assets };
}

/**
 * How long a batch of lookups may wait for the request's reads in flight to land, so that keys those
 * answers bring (every campaign's employees, arriving a few ms apart) join one batch: long enough for
 * answers sent together, short against a round trip. With nothing in flight a batch goes at once.
 */
const BATCH_WINDOW_MS = 10;

/**
 * A loader whose batch is either sought key by key (`seekOne`, all at once) or answered from a scan of
 * the whole list, whichever is cheaper (the scanner decides). Per-key errors as DataLoader expects.
 */
function seekOrScan<V>(
  upstream: UpstreamTransport,
  scanner: ListScanner<ListedPage>,
  seen: Map<string, V>,
  keyOf: (key: string) => string,
  options: LoaderOptions,
  seekOne: (key: string) => Promise<V | null>,
): DataLoader<string, V | null, string> {
  return new DataLoader<string, V | null, string>(
    async (keys) => {
      const missing = () => new Set(keys.map(keyOf).filter((key) => !seen.has(key))).size;
      try {
        if (options.cache && (await scanner.scanInstead(missing))) return keys.map((key) => seen.get(keyOf(key)) ?? null);
      } catch (error) {
        return keys.map((key) => seen.get(keyOf(key)) ?? asError(error));
      }
      return scanner.seeking(Promise.all(keys.map((key) => seen.get(keyOf(key)) ?? seekOne(key).catch(asError))));
    },
    {
      cache: options.cache,
      cacheKeyFn: keyOf,
      batchScheduleFn: upstream.whenReadsSettle && ((dispatch) => upstream.whenReadsSettle!(dispatch, BATCH_WINDOW_MS)),
    },
  );
}
