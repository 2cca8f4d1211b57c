/**
 * Whole responses of queries, kept so a repeat skips GraphQL execution (parse and validation are
 * already cached by Apollo Server). Held to the shared GET cache's rules, because it is built only
 * from them:
 * - kept only when every upstream read of the operation came from, or went into, the shared cache
 *   for the caller's principal (so never for a principal the cache would not serve, a token past its
 *   expiry, a stale answer, an error, a write, or an operation that read nothing);
 * - keyed by principal, document hash, operation name and the operation's declared variables (values
 *   a document does not declare change nothing, so they neither split nor grow the key): one
 *   principal's response is never another's;
 * - served only while every cached answer it was built from is still the one the shared cache holds,
 *   fresh: it expires with the first of them, and a write that invalidates any of them (through any
 *   replica, when the cache is in Redis) makes it a miss at once.
 * Bounded by bytes (a quarter of CACHE_MAX_MB), key and response both counted, least recently used
 * first; a key over MAX_KEY_BYTES is not kept. A response served whole says so:
 * `extensions.responseCache: "hit"`.
 */
import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { LRUCache } from 'lru-cache';
import type { GatewayContext } from '../context';
import type { Clock } from '../core/clock';
import type { SharedGetCache } from '../core/http/shared-get-cache';
import { freshUntilOf, type CachedRead } from '../core/upstream/session';

/** Longest key kept: a principal, a hash and the variables of any shipped operation fit many times over. */
const MAX_KEY_BYTES = 4096;

interface Kept {
  data: Record<string, unknown>;
  reads: readonly CachedRead[];
}

export class ResponseCache {
  private readonly kept: LRUCache<string, Kept>;

  constructor(
    private readonly sharedCache: SharedGetCache,
    maxBytes: number,
    private readonly clock: Clock,
  ) {
    this.kept = new LRUCache<string, Kept>({ maxSize: maxBytes, perf: { now: () => clock.now() }, ttlResolution: 0 });
  }

  /** The kept response when each answer it was built from is still cached, fresh and unchanged. */
  async get(ctx: GatewayContext, key: string): Promise<Kept | undefined> {
    const kept = this.kept.get(key);
    const scope = ctx.upstream.cacheScope;
    if (!kept || !scope) return undefined;
    for (const read of kept.reads) {
      const current = await this.sharedCache.freshEntry(scope, read.request);
      if (current?.fetchedAt !== read.stamp.fetchedAt) {
        this.kept.delete(key);
        return undefined;
      }
    }
    return kept;
  }

  set(key: string, data: Record<string, unknown>, reads: readonly CachedRead[], sizeBytes: number): void {
    const ttl = freshUntilOf(reads) - this.clock.now();
    if (ttl > 0) this.kept.set(key, { data, reads }, { ttl, size: Math.max(1, sizeBytes) });
  }
}

export function responseCachePlugin(cache: ResponseCache): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      let key: string | undefined;
      let served = false;
      return {
        async responseForOperation({ contextValue, operation, queryHash, request }) {
          const principal = contextValue.upstream.cacheScope?.principal;
          if (operation.operation !== 'query' || !principal) return null;
          const variables = request.variables ?? {};
          const declared = (operation.variableDefinitions ?? []).map((definition) => [
            definition.variable.name.value,
            variables[definition.variable.name.value],
          ]);
          key = `${principal}\u0000${queryHash}\u0000${request.operationName ?? ''}\u0000${JSON.stringify(declared)}`;
          if (key.length > MAX_KEY_BYTES) return ((key = undefined), null);
          const kept = await cache.get(contextValue, key);
          if (!kept) return null;
          served = true;
          contextValue.upstream.answeredFromCache(kept.reads);
          const singleResult = { data: kept.data, extensions: { responseCache: 'hit' } };
          return { http: { status: undefined, headers: new HeaderMap() }, body: { kind: 'single', singleResult } };
        },
        async willSendResponse({ contextValue, response }) {
          if (served || !key || response.body.kind !== 'single') return;
          const { data, errors } = response.body.singleResult;
          const reads = contextValue.upstream.cachedAnswers;
          if (errors?.length || !data || !reads?.length) return;
          cache.set(key, data, reads, key.length + JSON.stringify(data).length);
        },
      };
    },
  };
}
