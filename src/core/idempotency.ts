/**
 * The at-most-once machinery of writes. Remembers the result of a write by (principal, idempotency key)
 * for IDEMPOTENCY_WINDOW_HOURS, so a client that
 * retries after a lost answer gets the first result instead of a second write. Invariants: an entry
 * is only ever returned to the principal that created it; a key reused with other input is refused;
 * a write in flight is shared, not repeated; a failed write is forgotten (the retry may go through).
 * Bounded: at most `maxEntries`, least recently used dropped first.
 */
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { conflict } from './errors';

/** How long a key's result is remembered; the mutations' descriptions say the same. */
export const IDEMPOTENCY_WINDOW_HOURS = 24;
export const MAX_IDEMPOTENCY_KEY_LENGTH = 200;
/** Keys remembered per process; the least recently used go first. */
export const MAX_IDEMPOTENCY_KEYS = 10_000;

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
  /** What a keyed write whose outcome nobody knew left for its repeat to reconcile (see `rememberUnknown`). */
  private readonly unknownOutcomes: LRUCache<string, { fingerprint: string; evidence: unknown }>;

  constructor(options: { maxEntries: number; ttlMs: number } = { maxEntries: MAX_IDEMPOTENCY_KEYS, ttlMs: IDEMPOTENCY_WINDOW_HOURS * 3600_000 }) {
    this.entries = new LRUCache<string, Entry>({ max: options.maxEntries, ttl: options.ttlMs });
    this.unknownOutcomes = new LRUCache({ max: options.maxEntries, ttl: options.ttlMs });
  }

  /** Keeps `evidence` about a keyed write whose outcome was unknown, for a repeat with the same key and input. */
  rememberUnknown(principal: string, key: string, input: unknown, evidence: unknown): void {
    this.unknownOutcomes.set(`${principal}\u0000${key}`, { fingerprint: fingerprintOf(input), evidence });
  }

  /** The evidence an earlier attempt with this key and this same input left, when its outcome was unknown. */
  unknownOutcomeOf<E>(principal: string, key: string, input: unknown): E | undefined {
    const earlier = this.unknownOutcomes.get(`${principal}\u0000${key}`);
    return earlier && earlier.fingerprint === fingerprintOf(input) ? (earlier.evidence as E) : undefined;
  }

  /**
   * Runs `write` at most once per (principal, key) and input. Without a key there is nothing to
   * remember; without a principal there is nobody to scope the key to, and the write itself is refused
   * (UNAUTHENTICATED) before anything is sent.
   */
  async run<T>(principal: string | null, key: string | undefined, input: unknown, write: () => Promise<T>): Promise<Replayable<T>> {
    if (!key || !principal) return { result: await write(), replayed: false };
    const slot = `${principal}\u0000${key}`;
    const fingerprint = fingerprintOf(input);
    const existing = this.entries.get(slot);
    if (existing) {
      if (existing.fingerprint !== fingerprint) {
        throw conflict('This idempotencyKey was already used with different input; use a new key for a new write');
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
