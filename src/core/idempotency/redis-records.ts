/**
 * Idempotency records in Redis, shared by every replica. A slot is claimed with `SET NX PX`, so when
 * two replicas receive the same key at once exactly one sends the write; the other reads the record
 * and waits for its result. A claim carries Redis's expiry (`pendingMs`, for a replica that dies
 * mid-write); a written result and the evidence of an unknown outcome do not: they hold their expiry
 * inside and in an index the gateway sweeps itself. Under a `volatile-*` eviction policy Redis then
 * evicts the cache, persisted queries and counters (all with a TTL) but never a result a repeat must
 * replay. A failing Redis throws: the caller refuses the write rather than risk sending it twice.
 */
import { systemClock, type Clock } from '../clock';
import type { RedisConnection } from '../redis/redis-connection';
import type { IdempotencyRecord, IdempotencyRecords, UnknownOutcome } from './records';

const RECORDS = 'idempotency:';
const UNKNOWN = 'idempotency-unknown:';
/** Sorted set of the lasting keys by expiry (ms since the epoch). */
const EXPIRIES = 'idempotency-expiries';
/** Expired keys removed per sweep; a sweep follows every completed write. */
const SWEEP_BATCH = 100;

/** Deletes an expired record only while it holds the value read: another replica's fresh claim is never removed. */
const DELETE_IF_UNCHANGED = `
if redis.call('get', KEYS[1]) == ARGV[1] then
  redis.call('zrem', KEYS[2], ARGV[2])
  return redis.call('del', KEYS[1])
end
return 0`;
/** Removes up to ARGV[2] keys whose expiry (their score, by their full name) is past ARGV[1], atomically. */
const SWEEP = `
local expired = redis.call('zrangebyscore', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[2])
for _, key in ipairs(expired) do
  redis.call('del', key)
  redis.call('zrem', KEYS[1], key)
end
return #expired`;

type Lasting<T> = T & { expiresAt: number };

export class RedisIdempotencyRecords implements IdempotencyRecords {
  constructor(
    private readonly redis: RedisConnection,
    private readonly clock: Clock = systemClock,
  ) {}

  async claim(slot: string, fingerprint: string, pendingMs: number): Promise<IdempotencyRecord | null> {
    const key = RECORDS + slot;
    const pending = JSON.stringify({ fingerprint, state: 'pending' } satisfies IdempotencyRecord);
    for (;;) {
      const claimed = await this.redis.run((client) => client.set(key, pending, 'PX', pendingMs, 'NX'));
      if (claimed === 'OK') return null;
      const existing = await this.redis.run((client) => client.get(key));
      // Gone between the two commands (released or expired): claim again.
      if (existing === null) continue;
      const record = JSON.parse(existing) as Partial<Lasting<IdempotencyRecord>>;
      if (record.expiresAt === undefined || record.expiresAt > this.clock.now()) return record as IdempotencyRecord;
      // A result past its window that no sweep has removed yet: as good as gone.
      await this.redis.run((client) => client.eval(DELETE_IF_UNCHANGED, 2, key, EXPIRIES, existing, this.fullName(key)));
    }
  }

  async complete(slot: string, fingerprint: string, result: unknown, ttlMs: number): Promise<void> {
    await this.setLasting(RECORDS + slot, { fingerprint, state: 'done', result }, ttlMs);
    void this.sweep().catch(() => undefined);
  }

  async release(slot: string): Promise<void> {
    await this.redis.run((client) =>
      client
        .multi()
        .del(RECORDS + slot)
        .zrem(EXPIRIES, this.fullName(RECORDS + slot))
        .exec(),
    );
  }

  async rememberUnknown(slot: string, outcome: UnknownOutcome, ttlMs: number): Promise<void> {
    await this.setLasting(UNKNOWN + slot, outcome, ttlMs);
  }

  async unknownOutcome(slot: string): Promise<UnknownOutcome | undefined> {
    const text = await this.redis.run((client) => client.get(UNKNOWN + slot));
    if (text === null) return undefined;
    const { expiresAt, ...outcome } = JSON.parse(text) as Lasting<UnknownOutcome>;
    return expiresAt > this.clock.now() ? outcome : undefined;
  }

  /** Without Redis's expiry (so no eviction policy but `allkeys-*` removes it), indexed for the sweep. */
  private async setLasting(key: string, value: object, ttlMs: number): Promise<void> {
    const expiresAt = this.clock.now() + ttlMs;
    await this.redis.run((client) =>
      client
        .multi()
        .set(key, JSON.stringify({ ...value, expiresAt }))
        .zadd(EXPIRIES, expiresAt, this.fullName(key))
        .exec(),
    );
  }

  /** Removes lasting keys past their expiry, a batch at a time. */
  async sweep(): Promise<void> {
    await this.redis.run((client) => client.eval(SWEEP, 1, EXPIRIES, this.clock.now(), SWEEP_BATCH));
  }

  /** The index holds keys as Redis names them (the connection's prefix included), for the sweep's script. */
  private fullName(key: string): string {
    return this.redis.keyPrefix + key;
  }
}
