/**
 * Upstream GET answers shared across GraphQL requests: a short-TTL cache and single flight.
 * Tenant safety: an entry is keyed by the principal the upstream accepted (a hash of the exact bearer
 * token, or the gateway's own service account) and is written only after a 2xx answer to that
 * principal. A forged, garbage or other company's token is a different principal, so it finds nothing
 * and goes upstream (which refuses it). A token past its `exp` is never served (its `exp` is authentic:
 * the token is byte-for-byte one the upstream accepted), and no entry outlives its token.
 * Stale if error: an entry is kept `staleIfErrorMs` past its TTL; within that window it answers only
 * when the upstream failed (after retries, or with its breaker open), and says so (`source: 'stale'`).
 */
import type { CacheStore } from '../cache/cache-store';
import type { Clock } from '../clock';
import { isUpstreamTrouble } from '../errors';
import { upstreamRequestKey, type UpstreamRequest } from './upstream-request';

export interface CacheScope {
  principal: string;
  /** When the principal's token expires (ms); null when the gateway renews it itself. */
  validUntilMs: number | null;
}

/**
 * `ageMs`: for a stale answer, how long ago the upstream gave it. `entry`: for an answer the cache
 * holds (or now holds), when it was fetched and stops being fresh: what a response built from it
 * depends on (plugins/response-cache.ts).
 */
export type Answer<T> = { body: T; source: 'upstream' | 'cache' | 'shared' | 'stale'; ageMs?: number; entry?: EntryStamp };

/** Which version of a cached answer was used: `fetchedAt` identifies it, `freshUntil` ends it. */
export interface EntryStamp {
  fetchedAt: number;
  freshUntil: number;
}

export interface SharedGetCacheOptions {
  store: CacheStore;
  /** TTL per endpoint name (`GET /users`); 0 turns caching off for it. */
  ttlMsFor(endpoint: string): number;
  /** How long past its TTL an entry may still answer when the upstream fails; 0: never. */
  staleIfErrorMs?: number;
  clock: Clock;
}

/** What the store holds: the upstream's body and when it was fetched and stops being fresh. */
interface Entry {
  body: unknown;
  fetchedAt: number;
  freshUntil: number;
}

const SEPARATOR = '\u0000';

/** Request first, principal last: a write's invalidation is then one key prefix in any store. */
const keyOf = (scope: CacheScope, request: Pick<UpstreamRequest, 'path' | 'query'>) =>
  upstreamRequestKey(request) + SEPARATOR + scope.principal;

const stampOf = (entry: Entry): EntryStamp => ({ fetchedAt: entry.fetchedAt, freshUntil: entry.freshUntil });

export class SharedGetCache {
  private readonly inFlight = new Map<string, Promise<{ body: unknown; entry: EntryStamp }>>();

  constructor(private readonly options: SharedGetCacheOptions) {}

  /** `refresh`: always load (a subscription's poll must see the upstream), and store what came for the reads that follow. */
  async get<T>(
    scope: CacheScope | null,
    request: UpstreamRequest,
    load: () => Promise<{ body: T; bytes: number }>,
    refresh = false,
  ): Promise<Answer<T>> {
    const ttlMs = this.ttlFor(scope, request.endpoint);
    if (!scope || ttlMs <= 0) return { body: (await load()).body, source: 'upstream' };
    const key = keyOf(scope, request);

    const now = this.options.clock.now();
    const cached = refresh ? undefined : ((await this.options.store.get(key)) as Entry | undefined);
    if (cached && cached.freshUntil > now) return { body: cached.body as T, source: 'cache', entry: stampOf(cached) };
    const pending = refresh ? undefined : this.inFlight.get(key);
    if (pending) return this.orStale(pending as Promise<{ body: T; entry: EntryStamp }>, 'shared', cached);

    const keepMs = Math.min(ttlMs + (this.options.staleIfErrorMs ?? 0), this.lifeLeft(scope));
    const loading = load().then(async ({ body, bytes }) => {
      const fetchedAt = this.options.clock.now();
      const entry: Entry = { body, fetchedAt, freshUntil: fetchedAt + ttlMs };
      await this.options.store.set(key, entry, keepMs, bytes);
      return { body: body as unknown, entry: stampOf(entry) };
    });
    this.inFlight.set(key, loading);
    try {
      return await this.orStale(loading as Promise<{ body: T; entry: EntryStamp }>, 'upstream', cached);
    } finally {
      this.inFlight.delete(key);
    }
  }

  /** The stamp of the principal's fresh entry for this request, if the cache holds one (a response built from it checks it is still there). */
  async freshEntry(scope: CacheScope, request: Pick<UpstreamRequest, 'path' | 'query'>): Promise<EntryStamp | undefined> {
    const cached = (await this.options.store.get(keyOf(scope, request))) as Entry | undefined;
    return cached && cached.freshUntil > this.options.clock.now() ? stampOf(cached) : undefined;
  }

  /** The answer, or the expired entry when the upstream failed and the entry is still within its stale window. */
  private async orStale<T>(
    loading: Promise<{ body: T; entry: EntryStamp }>,
    source: 'upstream' | 'shared',
    cached: Entry | undefined,
  ): Promise<Answer<T>> {
    try {
      const { body, entry } = await loading;
      return { body, source, entry };
    } catch (error) {
      if (!cached || !isUpstreamTrouble(error)) throw error;
      return { body: cached.body as T, source: 'stale', ageMs: this.options.clock.now() - cached.fetchedAt };
    }
  }

  /** How long the caller's token still lives (entries never outlive it); unbounded for the service account. */
  private lifeLeft(scope: CacheScope): number {
    return scope.validUntilMs === null ? Infinity : scope.validUntilMs - this.options.clock.now();
  }

  /** Forgets every principal's answers under a path: a write changed what they describe. */
  invalidate(pathPrefix: string): Promise<void> {
    const prefix = upstreamRequestKey({ path: pathPrefix });
    return this.options.store.deletePrefix(prefix);
  }

  /** The endpoint's TTL, cut to what is left of the token's life; 0 when the token has expired. */
  private ttlFor(scope: CacheScope | null, endpoint: string): number {
    const ttl = this.options.ttlMsFor(endpoint);
    return scope ? Math.min(ttl, this.lifeLeft(scope)) : ttl;
  }
}
