/**
 * What the upstream said of the bearer tokens it was shown, by principal (a hash of the token, never
 * the token), shared by every request of the process and, with Redis, by every replica. Invariants: a
 * token the upstream refused (401 or 403) is refused at once, without an upstream call, for
 * REFUSED_MEMORY_MS; a token is "accepted" only after the upstream answered it with anything but
 * 401/403 (a 404 or a 422 come after its auth), and never past its own expiry. Both memories are
 * bounded. Redis is a second memory behind the process's: asked once per request for a token this
 * process has no verdict on (`recall`), told every new verdict; when it fails, the process's memory
 * alone decides (a replica may then ask the upstream once more, never less safely).
 */
import { LRUCache } from 'lru-cache';
import type { RedisConnection } from '../core/redis/redis-connection';

/** A refused token stays refused this long: a client hammering with garbage costs the upstream nothing. */
export const REFUSED_MEMORY_MS = 5 * 60_000;
const ACCEPTED_MEMORY_MS = 3_600_000;
const MAX_REMEMBERED = 10_000;
const ACCEPTED = 'token-accepted:';
const REFUSED = 'token-refused:';

export class TokenVerdicts {
  private readonly accepted = new LRUCache<string, true>({ max: MAX_REMEMBERED, ttl: ACCEPTED_MEMORY_MS });
  private readonly refused = new LRUCache<string, true>({ max: MAX_REMEMBERED, ttl: REFUSED_MEMORY_MS });

  constructor(private readonly redis?: RedisConnection) {}

  isAccepted(principal: string): boolean {
    return this.accepted.has(principal);
  }

  isRefused(principal: string): boolean {
    return this.refused.has(principal);
  }

  /** Learns what other replicas know of a token this process has no verdict on. */
  async recall(principal: string): Promise<void> {
    if (!this.redis || this.accepted.has(principal) || this.refused.has(principal)) return;
    const [acceptedUntil, refusedUntil] = await this.redis
      .run((client) => client.mget(ACCEPTED + principal, REFUSED + principal))
      .catch(() => [null, null]);
    const now = Date.now();
    if (refusedUntil && Number(refusedUntil) > now) this.refused.set(principal, true, { ttl: Number(refusedUntil) - now });
    else if (acceptedUntil && Number(acceptedUntil) > now) this.accepted.set(principal, true, { ttl: Number(acceptedUntil) - now });
  }

  /** `validUntilMs`: the token's own expiry, past which it is not taken as accepted. */
  accept(principal: string, validUntilMs: number | null): void {
    const ttl = validUntilMs === null ? ACCEPTED_MEMORY_MS : Math.max(1, Math.min(ACCEPTED_MEMORY_MS, validUntilMs - Date.now()));
    this.accepted.set(principal, true, { ttl });
    this.refused.delete(principal);
    this.share(ACCEPTED + principal, ttl, REFUSED + principal);
  }

  refuse(principal: string): void {
    this.refused.set(principal, true);
    this.accepted.delete(principal);
    this.share(REFUSED + principal, REFUSED_MEMORY_MS, ACCEPTED + principal);
  }

  /** Tells the other replicas, without waiting: the verdict already holds here. */
  private share(key: string, ttlMs: number, contrary: string): void {
    void this.redis
      ?.run((client) =>
        client
          .multi()
          .set(key, String(Date.now() + ttlMs), 'PX', ttlMs)
          .del(contrary)
          .exec(),
      )
      .catch(() => undefined);
  }
}
