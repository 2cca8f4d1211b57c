/**
 * The at-most-once machinery of writes. Remembers the result of a write by (principal, idempotency key)
 * for IDEMPOTENCY_WINDOW_HOURS, so a client that retries after a lost answer gets the first result
 * instead of a second write, on any replica when the records are shared (Redis). Invariants: an entry
 * is only ever returned to the principal that created it; a key reused with other input is refused;
 * a write in flight is shared, not repeated (in the process by its promise, across replicas by an
 * atomic claim and a wait for the first replica's result); a failed write is forgotten (the retry may
 * go through); records that cannot be read refuse the write (IDEMPOTENCY_UNAVAILABLE), never send it
 * blind. Bounded: the memory records keep at most `maxEntries`; Redis expires its own.
 */
import { createHash } from 'node:crypto';
import { conflict, idempotencyUnavailable } from '../errors';
import { MemoryIdempotencyRecords, type IdempotencyRecords } from './records';

/** How long a key's result is remembered; the mutations' descriptions say the same. */
export const IDEMPOTENCY_WINDOW_HOURS = 24;
export const MAX_IDEMPOTENCY_KEY_LENGTH = 200;
/** Keys remembered per process; the least recently used go first. */
export const MAX_IDEMPOTENCY_KEYS = 10_000;
/** Checks of a key held by another replica start this far apart, doubling up to the next. */
const FIRST_WAIT_MS = 20;
const LONGEST_WAIT_MS = 500;

export interface Replayable<T> {
  result: T;
  replayed: boolean;
}

export interface IdempotencyOptions {
  records?: IdempotencyRecords;
  maxEntries?: number;
  ttlMs?: number;
  /**
   * How long a repeat waits for a write that another replica is sending, and twice that is how long a
   * claim lasts when its replica dies mid-write. The gateway's deadline: no write takes longer.
   */
  waitMs?: number;
}

export class IdempotencyStore {
  private readonly records: IdempotencyRecords;
  private readonly ttlMs: number;
  private readonly waitMs: number;
  /** This process's writes in flight, by slot: a repeat here joins the promise instead of polling. */
  private readonly inFlight = new Map<string, { fingerprint: string; outcome: Promise<Replayable<unknown>> }>();

  constructor(options: IdempotencyOptions = {}) {
    this.records = options.records ?? new MemoryIdempotencyRecords(options.maxEntries ?? MAX_IDEMPOTENCY_KEYS);
    this.ttlMs = options.ttlMs ?? IDEMPOTENCY_WINDOW_HOURS * 3600_000;
    this.waitMs = options.waitMs ?? 30_000;
  }

  /** Keeps `evidence` about a keyed write whose outcome was unknown, for a repeat with the same key and input. Best effort. */
  async rememberUnknown(principal: string, key: string, input: unknown, evidence: unknown): Promise<void> {
    await this.records
      .rememberUnknown(slotOf(principal, key), { fingerprint: fingerprintOf(input), evidence }, this.ttlMs)
      .catch(() => undefined);
  }

  /** The evidence an earlier attempt with this key and this same input left, when its outcome was unknown. */
  async unknownOutcomeOf<E>(principal: string, key: string, input: unknown): Promise<E | undefined> {
    const earlier = await this.records.unknownOutcome(slotOf(principal, key)).catch(() => undefined);
    return earlier && earlier.fingerprint === fingerprintOf(input) ? (earlier.evidence as E) : undefined;
  }

  /**
   * Runs `write` at most once per (principal, key) and input. Without a key there is nothing to
   * remember; without a principal there is nobody to scope the key to, and the write itself is refused
   * (UNAUTHENTICATED) before anything is sent.
   */
  async run<T>(principal: string | null, key: string | undefined, input: unknown, write: () => Promise<T>): Promise<Replayable<T>> {
    if (!key || !principal) return { result: await write(), replayed: false };
    const slot = slotOf(principal, key);
    const fingerprint = fingerprintOf(input);
    const local = this.inFlight.get(slot);
    if (local) {
      if (local.fingerprint !== fingerprint) throw reusedKey();
      return { result: (await local.outcome).result as T, replayed: true };
    }
    const outcome = this.claimAndWrite(slot, fingerprint, write);
    this.inFlight.set(slot, { fingerprint, outcome });
    try {
      return await outcome;
    } finally {
      this.inFlight.delete(slot);
    }
  }

  /** Sends the write if this call claims the slot; else replays the record's result, waiting while it is pending. */
  private async claimAndWrite<T>(slot: string, fingerprint: string, write: () => Promise<T>): Promise<Replayable<T>> {
    const giveUpAt = Date.now() + this.waitMs;
    for (let wait = FIRST_WAIT_MS; ; wait = Math.min(wait * 2, LONGEST_WAIT_MS)) {
      const record = await this.records.claim(slot, fingerprint, 2 * this.waitMs).catch(() => {
        throw idempotencyUnavailable('store unreachable', 5);
      });
      if (record === null) return { result: await this.send(slot, fingerprint, write), replayed: false };
      if (record.fingerprint !== fingerprint) throw reusedKey();
      if (record.state === 'done') return { result: record.result as T, replayed: true };
      if (Date.now() + wait > giveUpAt) throw idempotencyUnavailable('key busy', Math.ceil(this.waitMs / 1000));
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  /**
   * The write, on a claimed slot. If the record of its result cannot be written (Redis failed that
   * instant), the claim expires after twice `waitMs` and a later repeat is sent again: the upstream
   * refuses an email already in the campaign (409), so even then nothing is added twice.
   */
  private async send<T>(slot: string, fingerprint: string, write: () => Promise<T>): Promise<T> {
    let result: T;
    try {
      result = await write();
    } catch (error) {
      await this.records.release(slot).catch(() => undefined);
      throw error;
    }
    await this.records.complete(slot, fingerprint, result, this.ttlMs).catch(() => undefined);
    return result;
  }
}

function slotOf(principal: string, key: string): string {
  return `${principal}\u0000${key}`;
}

function reusedKey() {
  return conflict('This idempotencyKey was already used with different input; use a new key for a new write');
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
