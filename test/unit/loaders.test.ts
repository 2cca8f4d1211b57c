/**
 * Loader invariants, recorded as data in the style of graphql/dataloader's own tests: what each batch
 * asked for, and which upstream calls priming saves.
 */
import { createManageLoaders } from '../../src/apps/manage/loaders';
import type { RawAssetsPage, RawUser, RawUsersPage } from '../../src/apps/manage/wire';
import { ListPageCounts } from '../../src/core/loaders/list-scan';
import { perKeyLoader } from '../../src/core/loaders/per-key-loader';
import { documentedAssets, documentedUsers } from '../fixtures/documented';
import { RecordingUpstream } from '../support/recording-upstream';

describe('perKeyLoader: one fetch per distinct key, batch contract kept', () => {
  function recordingLoader(failing: string[] = []) {
    const loadCalls: string[][] = [[]];
    const loader = perKeyLoader<string, string>(
      async (key) => {
        loadCalls[loadCalls.length - 1].push(key);
        if (failing.includes(key)) throw new Error(`no ${key}`);
        return key.toUpperCase();
      },
      { cache: true, cacheKeyFn: (key) => key.toLowerCase() },
    );
    const nextBatch = () => loadCalls.push([]);
    return { loader, loadCalls, nextBatch };
  }

  it('fetches each distinct key of a tick once, by its cache key', async () => {
    const { loader, loadCalls } = recordingLoader();
    const values = await Promise.all([loader.load('a'), loader.load('b'), loader.load('A'), loader.load('a')]);
    expect(values).toEqual(['A', 'B', 'A', 'A']);
    expect(loadCalls).toEqual([['a', 'b']]);
  });

  it('answers a later load of a known key from its cache, and fetches only the new one', async () => {
    const { loader, loadCalls, nextBatch } = recordingLoader();
    await loader.load('a');
    nextBatch();
    await Promise.all([loader.load('a'), loader.load('c')]);
    expect(loadCalls).toEqual([['a'], ['c']]);
  });

  it('fails only the key whose fetch failed', async () => {
    const { loader } = recordingLoader(['b']);
    const results = await Promise.allSettled([loader.load('a'), loader.load('b'), loader.load('c')]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('never caches when caching is off (the unbatched baseline)', async () => {
    const loadCalls: string[] = [];
    const loader = perKeyLoader<string, string>(async (key) => (loadCalls.push(key), key), { cache: false, cacheKeyFn: (key) => key });
    await loader.load('a');
    await loader.load('a');
    expect(loadCalls).toEqual(['a', 'a']);
  });
});

describe('Manage loaders: whatever an answer carries is primed', () => {
  const jane: RawUser = { ...documentedUsers[1], Email: 'Jane.Smith@example.com' };
  const [documentedAsset] = documentedAssets;
  const usersPage = (users: RawUser[]): RawUsersPage => ({ totalUsers: users.length, totalPages: 1, currentPage: 1, users });
  const assetsPage = (): RawAssetsPage => ({ currentPage: 1, totalPages: 1, totalItems: 1, assets: [documentedAsset] });

  it("a user looked up by email primes that user's embedded assets: their lookups cost nothing", async () => {
    const upstream = new RecordingUpstream({ '/users?email=jane.smith%40example.com&page=1': usersPage([jane]) });
    const loaders = createManageLoaders(upstream, { cache: true, pageCounts: new ListPageCounts().for(null) });
    const user = await loaders.userByEmail.load('jane.smith@example.com');
    const [embedded] = user!.assignedAssets;
    expect(await loaders.assetById.load(embedded.assetId)).toBe(embedded);
    expect(await loaders.assetBySerial.load(embedded.serialNumber!)).toBe(embedded);
    expect(upstream.calls).toEqual(['/users?email=jane.smith%40example.com&page=1']);
  });

  it('emails match case-insensitively, both in the key and in the answer', async () => {
    const upstream = new RecordingUpstream({ '/users?email=JANE.SMITH%40EXAMPLE.COM&page=1': usersPage([jane]) });
    const loaders = createManageLoaders(upstream, { cache: true, pageCounts: new ListPageCounts().for(null) });
    expect((await loaders.userByEmail.load('JANE.SMITH@EXAMPLE.COM'))?.email).toBe('Jane.Smith@example.com');
    expect((await loaders.userByEmail.load('jane.smith@example.com'))?.email).toBe('Jane.Smith@example.com');
    expect(upstream.calls).toHaveLength(1);
  });

  it('a page primed by a list answers later lookups of its users without a call', async () => {
    const upstream = new RecordingUpstream({});
    const loaders = createManageLoaders(upstream, { cache: true, pageCounts: new ListPageCounts().for(null) });
    loaders.primeUsers([{ email: 'a@x.example' }, { email: 'b@x.example' }].map((user) => ({ ...mapped(), ...user })));
    expect((await loaders.userByEmail.load('B@x.example'))?.email).toBe('b@x.example');
    expect(upstream.calls).toEqual([]);
  });

  it('a user the upstream does not know is null, and only the exact match counts', async () => {
    const upstream = new RecordingUpstream({ '/users?email=jane&page=1': usersPage([jane]) });
    const loaders = createManageLoaders(upstream, { cache: true, pageCounts: new ListPageCounts().for(null) });
    expect(await loaders.userByEmail.load('jane')).toBeNull();
  });

  it('an asset by ID must also carry the serial number when both are given', async () => {
    const upstream = new RecordingUpstream({ [`/assets?assetId=${documentedAsset.assetId}&page=1`]: assetsPage() });
    const loaders = createManageLoaders(upstream, { cache: true, pageCounts: new ListPageCounts().for(null) });
    expect(await loaders.assetByIdOrSerial(documentedAsset.assetId, 'another-serial')).toBeNull();
    expect((await loaders.assetByIdOrSerial(documentedAsset.assetId, documentedAsset.serialNumber))?.assetId).toBe(documentedAsset.assetId);
    expect(upstream.calls).toHaveLength(1);
  });
});

/** A mapped user with nothing but defaults, for priming tests. */
function mapped() {
  return {
    email: '',
    firstName: null,
    lastName: null,
    phone: null,
    phoneCountryCode: null,
    locationName: null,
    locationType: null,
    address: { line1: null, line2: null, city: null, state: null, zip: null, country: null },
    assignedAssets: [],
  };
}
