/**
 * The cache store in Redis, shared by every replica: an entry written by one is a hit for the others,
 * and a write's invalidation on one reaches all of them at once (there is no per-replica copy).
 * Entries are JSON with Redis's own expiry (PX). Redis's memory is the operator's (`maxmemory`, an
 * eviction policy); the gateway bounds what it puts in: an answer over MAX_ENTRY_BYTES is not kept.
 * Redis unreachable: a read is a miss and a write is skipped (the connection logs and counts it), so
 * reads go on against the upstream.
 */
import type { RedisConnection } from '../redis/redis-connection';
import type { CacheStore } from './cache-store';

/** Largest answer kept: upstream pages are a few KB, a campaign's 100 employees about 40 KB. */
export const MAX_ENTRY_BYTES = 1024 * 1024;
const NAMESPACE = 'cache:';
/** Keys examined per SCAN step during an invalidation. */
const SCAN_COUNT = 1000;

export class RedisCacheStore implements CacheStore {
  constructor(private readonly redis: RedisConnection) {}

  async get(key: string): Promise<unknown | undefined> {
    const text = await this.redis.run((client) => client.get(NAMESPACE + key)).catch(() => null);
    return text === null ? undefined : JSON.parse(text);
  }

  async set(key: string, value: unknown, ttlMs: number, sizeBytes: number): Promise<void> {
    if (sizeBytes > MAX_ENTRY_BYTES || !(ttlMs >= 1)) return;
    const ttl = Number.isFinite(ttlMs) ? Math.ceil(ttlMs) : undefined;
    const text = JSON.stringify(value);
    await this.redis
      .run((client) => (ttl === undefined ? client.set(NAMESPACE + key, text) : client.set(NAMESPACE + key, text, 'PX', ttl)))
      .catch(() => undefined);
  }

  /**
   * SCAN for the prefix, then UNLINK what it found. Writes are rare and the keyspace is the cache's,
   * so a scan per write is cheap. A failure is swallowed like a read's (the write itself succeeded;
   * the connection logs and counts the outage): the entries then age out within their TTL.
   */
  async deletePrefix(prefix: string): Promise<void> {
    // SCAN patterns ignore ioredis's keyPrefix: match on the full key, delete by the short one.
    const keyPrefix = this.redis.keyPrefix;
    const pattern = globEscape(keyPrefix + NAMESPACE + prefix) + '*';
    await this.redis
      .run(async (client) => {
        let cursor = '0';
        do {
          const [next, keys] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', SCAN_COUNT);
          if (keys.length) await client.unlink(...keys.map((key) => key.slice(keyPrefix.length)));
          cursor = next;
        } while (cursor !== '0');
      })
      .catch(() => undefined);
  }
}

/** Escapes Redis glob characters so a URL matches itself only. */
function globEscape(text: string): string {
  return text.replace(/[*?[\]\\^-]/g, (char) => `\\${char}`);
}
