/**
 * What the upstream said of the bearer tokens it was shown, by principal (a hash of the token, never
 * the token), shared by every request of the process. Invariants: a token the upstream refused (401 or
 * 403) is refused at once, without an upstream call, for REFUSED_MEMORY_MS; a token is "accepted" only
 * after the upstream answered it with anything but 401/403 (a 404 or a 422 come after its auth), and
 * never past its own expiry. Both memories are bounded.
 */
import { LRUCache } from 'lru-cache';

/** A refused token stays refused this long: a client hammering with garbage costs the upstream nothing. */
export const REFUSED_MEMORY_MS = 5 * 60_000;
const MAX_REMEMBERED = 10_000;

export class TokenVerdicts {
  private readonly accepted = new LRUCache<string, true>({ max: MAX_REMEMBERED, ttl: 3_600_000 });
  private readonly refused = new LRUCache<string, true>({ max: MAX_REMEMBERED, ttl: REFUSED_MEMORY_MS });

  isAccepted(principal: string): boolean {
    return this.accepted.has(principal);
  }

  isRefused(principal: string): boolean {
    return this.refused.has(principal);
  }

  /** `validUntilMs`: the token's own expiry, past which it is not taken as accepted. */
  accept(principal: string, validUntilMs: number | null): void {
    const ttl = validUntilMs === null ? undefined : Math.max(1, validUntilMs - Date.now());
    this.accepted.set(principal, true, { ttl });
    this.refused.delete(principal);
  }

  refuse(principal: string): void {
    this.refused.set(principal, true);
    this.accepted.delete(principal);
  }
}
