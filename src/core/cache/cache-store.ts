/**
 * The one cache interface of the gateway: the in-memory store here, or Redis (redis-cache-store.ts)
 * when replicas share state. Keys are opaque strings that already carry their tenant; values are
 * parsed upstream JSON that nobody mutates. Invariant of every store: bounded, and an entry is never
 * returned after its TTL.
 */
import { LRUCache } from 'lru-cache';
import { systemClock, type Clock } from '../clock';

export interface CacheStore {
  get(key: string): Promise<unknown | undefined>;
  set(key: string, value: unknown, ttlMs: number, sizeBytes: number): Promise<void>;
  /** Removes every entry whose key starts with `prefix` (invalidation after a write). */
  deletePrefix(prefix: string): Promise<void>;
}

export interface MemoryCacheOptions {
  maxBytes: number;
  clock?: Clock;
}

/** An LRU bounded by the approximate size of the cached JSON. */
export class MemoryCacheStore implements CacheStore {
  private readonly entries: LRUCache<string, { value: unknown }>;

  constructor(options: MemoryCacheOptions) {
    const clock = options.clock ?? systemClock;
    this.entries = new LRUCache<string, { value: unknown }>({
      maxSize: options.maxBytes,
      ttlAutopurge: false,
      // Expiry follows the injected clock, so tests move time instead of sleeping.
      perf: { now: () => clock.now() },
      ttlResolution: 0,
    });
  }

  async get(key: string): Promise<unknown | undefined> {
    return this.entries.get(key)?.value;
  }

  async set(key: string, value: unknown, ttlMs: number, sizeBytes: number): Promise<void> {
    this.entries.set(key, { value }, { ttl: ttlMs, size: Math.max(1, sizeBytes) });
  }

  async deletePrefix(prefix: string): Promise<void> {
    for (const key of [...this.entries.keys()]) if (key.startsWith(prefix)) this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
