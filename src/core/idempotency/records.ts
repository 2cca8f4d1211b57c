/**
 * Where idempotency keys are written down: in the process (one replica), or in Redis
 * (redis-records.ts) so every replica sees every key. Slots are already scoped to their principal.
 * Invariant of every store: `claim` is atomic, so of any number of claimants of a free slot exactly
 * one gets it (and sends the write); the others see the record.
 */
import { LRUCache } from 'lru-cache';

/** A write being sent (`pending`) or sent (`done`, with the result to replay), and the input's fingerprint. */
export type IdempotencyRecord = { fingerprint: string; state: 'pending' } | { fingerprint: string; state: 'done'; result: unknown };

/** Evidence left by a write whose outcome nobody knew, for a repeat with the same input (employee-add.reconcile.ts). */
export interface UnknownOutcome {
  fingerprint: string;
  evidence: unknown;
}

export interface IdempotencyRecords {
  /** Claims a free slot (returns null: the caller sends the write), or returns the record holding it. */
  claim(slot: string, fingerprint: string, pendingMs: number): Promise<IdempotencyRecord | null>;
  complete(slot: string, fingerprint: string, result: unknown, ttlMs: number): Promise<void>;
  /** Frees a claimed slot: the write failed, a retry may go through. */
  release(slot: string): Promise<void>;
  rememberUnknown(slot: string, outcome: UnknownOutcome, ttlMs: number): Promise<void>;
  unknownOutcome(slot: string): Promise<UnknownOutcome | undefined>;
}

/** One process's records, bounded: the least recently used go first. */
export class MemoryIdempotencyRecords implements IdempotencyRecords {
  private readonly records: LRUCache<string, IdempotencyRecord>;
  private readonly unknown: LRUCache<string, UnknownOutcome>;

  constructor(maxEntries: number) {
    this.records = new LRUCache({ max: maxEntries });
    this.unknown = new LRUCache({ max: maxEntries });
  }

  async claim(slot: string, fingerprint: string, pendingMs: number): Promise<IdempotencyRecord | null> {
    const existing = this.records.get(slot);
    if (existing) return existing;
    this.records.set(slot, { fingerprint, state: 'pending' }, { ttl: pendingMs });
    return null;
  }

  async complete(slot: string, fingerprint: string, result: unknown, ttlMs: number): Promise<void> {
    this.records.set(slot, { fingerprint, state: 'done', result }, { ttl: ttlMs });
  }

  async release(slot: string): Promise<void> {
    this.records.delete(slot);
  }

  async rememberUnknown(slot: string, outcome: UnknownOutcome, ttlMs: number): Promise<void> {
    this.unknown.set(slot, outcome, { ttl: ttlMs });
  }

  async unknownOutcome(slot: string): Promise<UnknownOutcome | undefined> {
    return this.unknown.get(slot);
  }
}
