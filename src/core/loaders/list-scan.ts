/**
 * Seek or scan. The users and assets lists answer 10 rows a page and filter one key per call, so N
 * rows wanted by key cost N lookups ("seek"), or every page of the list, fetched at once ("scan"),
 * whichever is fewer. The choice is made per entity and per batch of keys waiting in a loader, from
 * what is known: the list's page count, learned from any unfiltered page of it (this request's, or
 * one this process saw for the same principal in the last minute). The rule, with P the list's
 * pages and N the distinct keys still unknown (docs/upstream.md):
 * - N <= 1: seek (one lookup is never worse than a page);
 * - P unknown and N >= PROBE_FROM: fetch page 1 (a "probe": it is the scan's first page, and may
 *   hold some of the keys), then decide with P known; P unknown and fewer keys: seek (a scan could
 *   only win on a list of fewer than PROBE_FROM pages, and small operations stay as they were);
 * - P - pages already fetched < N: scan the rest; else seek.
 * So a batch costs at most min(seek, scan) + 1 upstream calls (the probe, once per list while its
 * page count is unknown), except on a list shorter than PROBE_FROM pages whose count is unknown. After
 * a whole scan, a key not found does not exist: later batches of the request answer null without
 * asking.
 */
import { LRUCache } from 'lru-cache';

export type LookupPlan = 'seek' | 'scan' | 'probe';

/** Keys waiting before an unknown list is probed: a report of one campaign (10-20 people) just seeks. */
export const PROBE_FROM = 20;

/** The rule above, for `waiting` distinct keys and a list of `totalPages` (undefined: unknown), `fetched` of them already in hand. */
export function chooseLookupPlan(waiting: number, totalPages: number | undefined, fetched = 0): LookupPlan {
  if (waiting <= 1) return 'seek';
  if (totalPages === undefined) return waiting >= PROBE_FROM ? 'probe' : 'seek';
  return totalPages - fetched < waiting ? 'scan' : 'seek';
}

/** Page counts of a principal's lists, remembered by the process for a minute (the lists' cache TTL). */
export class ListPageCounts {
  private readonly counts = new LRUCache<string, number>({ max: 10_000, ttl: 60_000 });

  /** The counts one request reads and teaches, for its principal (none: nothing remembered across requests). */
  for(principal: string | null): PageCounts {
    const counts = this.counts;
    const local = new Map<string, number>();
    const firstPageReaders = new Map<string, () => Promise<unknown>>();
    const get = (list: string) => local.get(list) ?? (principal ? counts.get(`${principal}\u0000${list}`) : undefined);
    return {
      get,
      learn: (list, pages) => {
        local.set(list, pages);
        if (principal) counts.set(`${principal}\u0000${list}`, pages);
      },
      readsFirstPage: (list, read) => firstPageReaders.set(list, read),
      learnSizes: async (lists) => {
        await Promise.all(lists.filter((list) => get(list) === undefined).map((list) => firstPageReaders.get(list)?.()));
      },
    };
  }
}

export interface PageCounts {
  get(list: string): number | undefined;
  learn(list: string, totalPages: number): void;
  /** How this request reads a list's first page: its scanner's own page 1, so a scan later reuses it. */
  readsFirstPage(list: string, read: () => Promise<unknown>): void;
  /** Reads page 1 of each of these lists whose size is unknown (one call each, at once), learning their sizes. */
  learnSizes(lists: readonly string[]): Promise<void>;
}

/** What a list page must tell the plan: how many pages the list has. */
export interface ListedPage {
  totalPages: number;
}

export interface ListSource<Page extends ListedPage> {
  /** The list's name for its page count, e.g. `users`. */
  list: string;
  /** Fetches one unfiltered page (the same request as the list field's) and primes its rows. */
  fetchPage(page: number): Promise<Page>;
  counts: PageCounts;
  /**
   * Another list whose rows carry this one's (users embed the assets they hold): its scan or lookups
   * in flight are waited for before deciding, since their answers may leave nothing to look up.
   */
  primedBy?: ListScanner<ListedPage>;
}

/**
 * One list of one request: its pages fetched so far, and whether it was scanned whole. Every
 * unfiltered page of the list goes through `page()` (the list fields and connections too), so the
 * plan knows the pages in hand and the list's size.
 */
export class ListScanner<Page extends ListedPage> {
  private readonly fetched = new Set<number>();
  private scan: Promise<void> | undefined;
  /** The decision being made for the batches waiting now. */
  private round: Promise<boolean> | undefined;
  private readonly waiting = new Set<() => number>();
  /** Lookups of this list's keys in flight (a loader's seeks), for a list primed by this one. */
  private readonly seeks = new Set<Promise<unknown>>();

  constructor(private readonly source: ListSource<Page>) {
    source.counts.readsFirstPage(source.list, () => this.page(1));
  }

  /** An unfiltered page, its rows primed; the plan learns the list's size from it. */
  async page(page: number): Promise<Page> {
    const fetched = await this.source.fetchPage(page);
    this.fetched.add(page);
    this.source.counts.learn(this.source.list, fetched.totalPages);
    return fetched;
  }

  /**
   * Called by a loader before seeking its batch; `missing()` counts the batch's keys still unknown
   * (it falls as pages are primed). Resolves true when the list has been scanned whole (the batch is
   * answered from what was primed), false when the loader should seek the keys still missing.
   * Batches of the same list that arrive together (assets by ID and by serial number) are decided
   * together, on the sum of their missing keys: one round per moment.
   */
  async scanInstead(missing: () => number): Promise<boolean> {
    if (this.scan) return this.scan.then(() => true);
    // One key alone is always sought (the rule's first line): no need to wait for a round.
    if (!this.round && missing() <= 1) return false;
    this.waiting.add(missing);
    try {
      this.round ??= this.decide().finally(() => (this.round = undefined));
      return await this.round;
    } finally {
      this.waiting.delete(missing);
    }
  }

  private async decide(): Promise<boolean> {
    // Let every batch dispatched at this moment join the round before counting.
    await new Promise((resolve) => setImmediate(resolve));
    // A scan of a list that embeds this one's rows may leave few keys missing.
    await this.source.primedBy?.settled();
    const waiting = () => [...this.waiting].reduce((sum, missing) => sum + missing(), 0);
    let plan = chooseLookupPlan(waiting(), this.source.counts.get(this.source.list), this.fetched.size);
    if (plan === 'probe') {
      await this.page(1);
      plan = chooseLookupPlan(waiting(), this.source.counts.get(this.source.list), this.fetched.size);
    }
    if (plan !== 'scan') return false;
    this.scan ??= this.fetchRest();
    await this.scan;
    return true;
  }

  /** A loader's lookups of this list's keys, under way: what `settled()` also waits for. */
  seeking<T>(lookups: Promise<T>): Promise<T> {
    this.seeks.add(lookups);
    const done = () => this.seeks.delete(lookups);
    lookups.then(done, done);
    return lookups;
  }

  /** Resolves once the decision in progress, the scan it started and the lookups under way, if any, are done. */
  settled(): Promise<unknown> {
    return Promise.all([this.round, this.scan, ...this.seeks]).catch(() => undefined);
  }

  /**
   * Every page not yet fetched, all at once (the session and the traffic policy cap what is in flight).
   * A remembered page count may be a minute old: when a page says the list has grown, the new pages
   * are fetched too, so "not found in the scan" stays true.
   */
  private async fetchRest(): Promise<void> {
    let totalPages = this.source.counts.get(this.source.list) ?? (await this.page(1)).totalPages;
    for (;;) {
      const pages: Promise<Page>[] = [];
      for (let page = 1; page <= totalPages; page += 1) if (!this.fetched.has(page)) pages.push(this.page(page));
      if (!pages.length) return;
      totalPages = Math.max(totalPages, ...(await Promise.all(pages)).map((fetched) => fetched.totalPages));
    }
  }
}
