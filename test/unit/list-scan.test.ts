/** The seek-or-scan rule (core/loaders/list-scan.ts), table by table, and the scanner's behaviour. */
import { chooseLookupPlan, ListPageCounts, ListScanner, PROBE_FROM } from '../../src/core/loaders/list-scan';

describe('chooseLookupPlan(waiting keys, list pages, pages in hand)', () => {
  it.each<[number, number | undefined, number, string, string]>([
    [0, 47, 0, 'seek', 'nothing waiting'],
    [1, 1, 0, 'seek', 'one key: a lookup is never worse than a page'],
    [1, undefined, 0, 'seek', 'one key, unknown list'],
    [PROBE_FROM - 1, undefined, 0, 'seek', 'a small batch on an unknown list seeks (a report of one campaign)'],
    [PROBE_FROM, undefined, 0, 'probe', 'a large batch on an unknown list fetches page 1 first'],
    [47, 47, 0, 'seek', 'as many keys as pages: seeking is no dearer'],
    [48, 47, 0, 'scan', 'more keys than pages: scan'],
    [300, 47, 0, 'scan', 'every employee of every campaign'],
    [46, 47, 1, 'seek', 'pages in hand count: 46 pages left, 46 keys'],
    [47, 47, 1, 'scan', '46 pages left, 47 keys'],
    [2, 1, 0, 'scan', 'a one-page list beats two lookups'],
  ])('%i keys, %s pages, %i in hand -> %s (%s)', (waiting, pages, fetched, plan, _why) => {
    expect(chooseLookupPlan(waiting, pages, fetched)).toBe(plan);
  });
});

describe('ListScanner', () => {
  /** A list of `pages` pages whose page k holds keys k.0 .. k.9. */
  function list(pages: number, counts = new ListPageCounts().for('p'), delayMs = 0) {
    const fetched: number[] = [];
    const primed = new Set<string>();
    const scanner = new ListScanner({
      list: 'users',
      counts,
      fetchPage: async (page) => {
        if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
        fetched.push(page);
        for (let row = 0; row < 10; row += 1) primed.add(`${page}.${row}`);
        return { totalPages: pages };
      },
    });
    const missing = (keys: string[]) => () => keys.filter((key) => !primed.has(key)).length;
    return { scanner, fetched, primed, missing, counts };
  }
  const keys = (count: number, page = (i: number) => 1 + (i % 5)) => Array.from({ length: count }, (_, i) => `${page(i)}.${i % 10}`);

  it("learning a list's size reads its scanner's page 1 once, which a scan then does not read again", async () => {
    const { scanner, fetched, missing, counts } = list(5);
    await counts.learnSizes(['users', 'campaigns']);
    await counts.learnSizes(['users']);
    expect(fetched).toEqual([1]);
    expect(counts.get('users')).toBe(5);
    expect(await scanner.scanInstead(missing(keys(30, (i) => 2 + (i % 4))))).toBe(true);
    expect(fetched).toEqual([1, 2, 3, 4, 5]);
  });

  it('a small batch on an unknown list asks nothing before the lookups', async () => {
    const { scanner, fetched, missing } = list(47);
    expect(await scanner.scanInstead(missing(keys(PROBE_FROM - 1)))).toBe(false);
    expect(fetched).toEqual([]);
  });

  it('a large batch probes page 1, then scans every other page once, concurrently', async () => {
    const { scanner, fetched, missing } = list(5);
    expect(await scanner.scanInstead(missing(keys(30, (i) => 2 + (i % 4))))).toBe(true);
    expect(fetched).toEqual([1, 2, 3, 4, 5]);
    // Scanned whole: a later batch is answered without a call.
    expect(await scanner.scanInstead(missing(['9.9']))).toBe(true);
    expect(fetched).toHaveLength(5);
  });

  it('after a probe, keys found on page 1 no longer count: few left, so it seeks', async () => {
    const { scanner, fetched, missing } = list(47);
    const onPageOne = Array.from({ length: 10 }, (_, i) => `1.${i}`);
    expect(await scanner.scanInstead(missing([...onPageOne, ...keys(10, () => 30)]))).toBe(false);
    expect(fetched).toEqual([1]);
  });

  it('batches of one list that arrive together are decided on their sum (assets by ID and by serial)', async () => {
    const { scanner, fetched, missing } = list(20);
    const byId = keys(12, () => 5);
    const bySerial = keys(12, () => 6).map((key) => key.replace('6.', '7.'));
    expect(await Promise.all([scanner.scanInstead(missing(byId)), scanner.scanInstead(missing(bySerial))])).toEqual([true, true]);
    expect(fetched).toHaveLength(20);
  });

  it("a list whose rows another list embeds waits for that list's scan under way, then decides on what is still missing", async () => {
    const users = list(30, undefined, 5); // pages that take a while: the assets decision comes first unless it waits
    const assetPages: number[] = [];
    const assets = new ListScanner({
      list: 'assets',
      counts: new ListPageCounts().for('p'),
      primedBy: users.scanner,
      fetchPage: async (page) => (assetPages.push(page), { totalPages: 30 }),
    });
    const wanted = keys(25, () => 3); // all on users' page 3: the users scan primes them
    const [usersScanned, assetsScanned] = await Promise.all([
      users.scanner.scanInstead(users.missing(keys(40, (i) => 1 + (i % 30)))),
      assets.scanInstead(users.missing(wanted)),
    ]);
    expect(usersScanned).toBe(true);
    expect(assetsScanned).toBe(false);
    expect(assetPages).toEqual([]); // nothing left to look up: no probe, no scan of its own
  });

  it("a list whose rows another list embeds also waits for that list's lookups in flight, even with its own size known", async () => {
    const users = list(30);
    const counts = new ListPageCounts().for('p');
    counts.learn('assets', 30); // known: without the wait, 25 keys on 30 pages would be sought at once
    const assetPages: number[] = [];
    const assets = new ListScanner({
      list: 'assets',
      counts,
      primedBy: users.scanner,
      fetchPage: async (page) => (assetPages.push(page), { totalPages: 30 }),
    });
    const wanted = keys(25, () => 4);
    // A users lookup under way whose answer embeds every wanted asset (as a user embeds the assets they hold).
    const lookup = users.scanner.seeking(
      new Promise<void>((resolve) => setTimeout(() => (wanted.forEach((key) => users.primed.add(key)), resolve()), 5)),
    );
    let missingWhenDecided = -1;
    const counting = users.missing(wanted);
    const decided = await assets.scanInstead(() => (missingWhenDecided = counting()));
    await lookup;
    expect(decided).toBe(false);
    expect(missingWhenDecided).toBe(0);
    expect(assetPages).toEqual([]);
  });

  it('a page count learned by another request of the principal spares the probe; other principals learn nothing', async () => {
    const shared = new ListPageCounts();
    const first = list(3, shared.for('p'));
    await first.scanner.page(1);
    const second = list(3, shared.for('p'));
    expect(await second.scanner.scanInstead(second.missing(keys(5, () => 2)))).toBe(true);
    expect(second.fetched).toEqual([1, 2, 3]);
    expect(shared.for('q').get('users')).toBeUndefined();
  });

  it('a list that grew since its count was learned is scanned to its new end', async () => {
    const shared = new ListPageCounts();
    shared.for('p').learn('users', 2);
    const { scanner, fetched, missing } = list(4, shared.for('p'));
    expect(await scanner.scanInstead(missing(keys(30, () => 4)))).toBe(true);
    expect(fetched.sort()).toEqual([1, 2, 3, 4]);
  });
});
