/**
 * The one cache interface of the gateway, so a shared store (Redis) can replace the in-memory one
 * without touching its users. Keys are opaque strings that already carry their tenant; values are
 * parsed upstream JSON that nobody mutates. Invariant of every store: bounded, and an entry is never
 * returned after its TTL.
 */
import { LRUCache } from 'lru-cache';
import { systemClock, type Clock } from '../clock';

export interface CacheStore {
  get(key: string): Promise<unknown | undefined>;
  set(key: string, value: unknown, ttlMs: number, sizeBytes: number): Promise<void>;
  /** Removes every entry whose key satisfies the predicate (invalidation after a write). */
  deleteWhere(predicate: (key: string) => boolean): Promise<void>;
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

  async deleteWhere(predicate: (key: string) => boolean): Promise<void> {
    for (const key of [...this.entries.keys()]) if (predicate(key)) this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
