/**
 * Remembers the result of a write by (principal, idempotency key) for 24 hours, so a client that
 * retries after a lost answer gets the first result instead of a second write. Invariants: an entry
 * is only ever returned to the principal that created it; a key reused with other input is refused;
 * a write in flight is shared, not repeated; a failed write is forgotten (the retry may go through).
 * Bounded: at most `maxEntries`, least recently used dropped first.
 */
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { ErrorCode, GatewayError } from './errors';

interface Entry {
  fingerprint: string;
  result: Promise<unknown>;
}

export interface Replayable<T> {
  result: T;
  replayed: boolean;
}

export class IdempotencyStore {
  private readonly entries: LRUCache<string, Entry>;

  constructor(options: { maxEntries: number; ttlMs: number }) {
    this.entries = new LRUCache<string, Entry>({ max: options.maxEntries, ttl: options.ttlMs });
  }

  async run<T>(principal: string, key: string, input: unknown, write: () => Promise<T>): Promise<Replayable<T>> {
    const slot = `${principal}\u0000${key}`;
    const fingerprint = fingerprintOf(input);
    const existing = this.entries.get(slot);
    if (existing) {
      if (existing.fingerprint !== fingerprint) {
        throw new GatewayError(
          ErrorCode.CONFLICT,
          'This idempotencyKey was already used with different input; use a new key for a new write',
          { http: { status: 409 } },
        );
      }
      return { result: (await existing.result) as T, replayed: true };
    }
    const result = write();
    this.entries.set(slot, { fingerprint, result });
    try {
      return { result: await result, replayed: false };
    } catch (error) {
      this.entries.delete(slot);
      throw error;
    }
  }
}

/** A hash of the input with keys in a fixed order, so equal inputs match however they were written. */
export function fingerprintOf(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, entry]) => entry !== undefined && entry !== null)
      .sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${canonicalJson(entry)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
