/**
 * Idempotency records in Redis, shared by every replica. A slot is claimed with `SET NX PX`, so when
 * two replicas receive the same key at once exactly one sends the write; the other reads the record
 * and waits for its result. Redis's own expiry bounds them (the window, or `pendingMs` for a claim
 * whose replica died mid-write). A failing Redis throws: the caller refuses the write rather than
 * risk sending it twice.
 */
import type { RedisConnection } from '../redis/redis-connection';
import type { IdempotencyRecord, IdempotencyRecords, UnknownOutcome } from './records';

const RECORDS = 'idempotency:';
const UNKNOWN = 'idempotency-unknown:';

export class RedisIdempotencyRecords implements IdempotencyRecords {
  constructor(private readonly redis: RedisConnection) {}

  async claim(slot: string, fingerprint: string, pendingMs: number): Promise<IdempotencyRecord | null> {
    const pending = JSON.stringify({ fingerprint, state: 'pending' } satisfies IdempotencyRecord);
    for (;;) {
      const claimed = await this.redis.run((client) => client.set(RECORDS + slot, pending, 'PX', pendingMs, 'NX'));
      if (claimed === 'OK') return null;
      const existing = await this.redis.run((client) => client.get(RECORDS + slot));
      // Gone between the two commands (released or expired): claim again.
      if (existing !== null) return JSON.parse(existing) as IdempotencyRecord;
    }
  }

  async complete(slot: string, fingerprint: string, result: unknown, ttlMs: number): Promise<void> {
    const done = JSON.stringify({ fingerprint, state: 'done', result } satisfies IdempotencyRecord);
    await this.redis.run((client) => client.set(RECORDS + slot, done, 'PX', ttlMs));
  }

  async release(slot: string): Promise<void> {
    await this.redis.run((client) => client.del(RECORDS + slot));
  }

  async rememberUnknown(slot: string, outcome: UnknownOutcome, ttlMs: number): Promise<void> {
    await this.redis.run((client) => client.set(UNKNOWN + slot, JSON.stringify(outcome), 'PX', ttlMs));
  }

  async unknownOutcome(slot: string): Promise<UnknownOutcome | undefined> {
    const text = await this.redis.run((client) => client.get(UNKNOWN + slot));
    return text === null ? undefined : (JSON.parse(text) as UnknownOutcome);
  }
}
