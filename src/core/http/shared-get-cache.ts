/**
 * Upstream GET answers shared across GraphQL requests: a short-TTL cache and single flight.
 * Tenant safety: an entry is keyed by the principal the upstream accepted (a hash of the exact bearer
 * token, or the gateway's own service account) and is written only after a 2xx answer to that
 * principal. A forged, garbage or other company's token is a different principal, so it finds nothing
 * and goes upstream (which refuses it). A token past its `exp` is never served (its `exp` is authentic:
 * the token is byte-for-byte one the upstream accepted), and no entry outlives its token.
 */
import type { CacheStore } from '../cache/cache-store';
import type { Clock } from '../clock';
import { upstreamRequestKey, type UpstreamRequest } from './upstream-request';

export interface CacheScope {
  principal: string;
  /** When the principal's token expires (ms); null when the gateway renews it itself. */
  validUntilMs: number | null;
}

export type Answer<T> = { body: T; source: 'upstream' | 'cache' | 'shared' };

export interface SharedGetCacheOptions {
  store: CacheStore;
  /** TTL per endpoint name (`GET /users`); 0 turns caching off for it. */
  ttlMsFor(endpoint: string): number;
  clock: Clock;
}

const SEPARATOR = '\u0000';

export class SharedGetCache {
  private readonly inFlight = new Map<string, Promise<unknown>>();

  constructor(private readonly options: SharedGetCacheOptions) {}

  async get<T>(scope: CacheScope | null, request: UpstreamRequest, load: () => Promise<{ body: T; bytes: number }>): Promise<Answer<T>> {
    const ttlMs = this.ttlFor(scope, request.endpoint);
    if (!scope || ttlMs <= 0) return { body: (await load()).body, source: 'upstream' };
    const key = scope.principal + SEPARATOR + upstreamRequestKey(request);

    const cached = await this.options.store.get(key);
    if (cached !== undefined) return { body: cached as T, source: 'cache' };
    const pending = this.inFlight.get(key);
    if (pending) return { body: (await pending) as T, source: 'shared' };

    const loading = load().then(async ({ body, bytes }) => {
      await this.options.store.set(key, body, ttlMs, bytes);
      return body;
    });
    this.inFlight.set(key, loading);
    try {
      return { body: await loading, source: 'upstream' };
    } finally {
      this.inFlight.delete(key);
    }
  }

  /** Forgets every principal's answers under a path: a write changed what they describe. */
  invalidate(pathPrefix: string): Promise<void> {
    const prefix = upstreamRequestKey({ path: pathPrefix });
    return this.options.store.deleteWhere((key) => key.slice(key.indexOf(SEPARATOR) + 1).startsWith(prefix));
  }

  /** The endpoint's TTL, cut to what is left of the token's life; 0 when the token has expired. */
  private ttlFor(scope: CacheScope | null, endpoint: string): number {
    const ttl = this.options.ttlMsFor(endpoint);
    if (!scope || scope.validUntilMs === null) return ttl;
    return Math.min(ttl, scope.validUntilMs - this.options.clock.now());
  }
}
