/**
 * The gateway's own Unduit sign-in. Invariants: at most one login or refresh is in flight at a time
 * (concurrent callers share it); a token is refreshed before it is within `refreshMargin` of its
 * `exp`; a token the upstream refused is dropped, so the next caller signs in again.
 */
import { systemClock, type Clock } from '../core/clock';
import { ErrorCode, unauthenticated, UpstreamError } from '../core/errors';
import type { UpstreamClient } from '../core/http/upstream-client';
import { login, refreshToken } from '../apps/auth/rest';
import { expiryOf } from './jwt-expiry';

interface HeldToken {
  token: string;
  issuedAtMs: number;
  expiresAtMs: number;
}

/** The documents promise 4 hours; assume one when a token does not say. */
const ASSUMED_LIFETIME_MS = 3600_000;
const MAX_REFRESH_MARGIN_MS = 5 * 60_000;

export class ServiceAccount {
  private held: HeldToken | undefined;
  private pending: Promise<HeldToken> | undefined;

  constructor(
    private readonly client: UpstreamClient,
    private readonly credentials: { email: string; password: string },
    private readonly clock: Clock = systemClock,
  ) {}

  get email(): string {
    return this.credentials.email;
  }

  async token(): Promise<string> {
    const held = this.held;
    if (held && this.clock.now() < held.expiresAtMs - refreshMargin(held)) return held.token;
    this.pending ??= this.renew(held).finally(() => (this.pending = undefined));
    return (await this.pending).token;
  }

  /** The upstream refused this token: sign in again on next use (unless that already happened). */
  forget(rejectedToken: string): void {
    if (this.held?.token === rejectedToken) this.held = undefined;
  }

  /** Refreshes a still-valid token; logs in when there is none, it has expired, or refresh fails. */
  private async renew(current: HeldToken | undefined): Promise<HeldToken> {
    const stillValid = current && this.clock.now() < current.expiresAtMs;
    const answer = stillValid
      ? await refreshToken(this.client, current.token).catch(() => this.login())
      : await this.login();
    const now = this.clock.now();
    this.held = { token: answer.token, issuedAtMs: now, expiresAtMs: expiryOf(answer.token) ?? now + ASSUMED_LIFETIME_MS };
    return this.held;
  }

  private login() {
    return login(this.client, this.credentials).catch((error: unknown) => {
      if (error instanceof UpstreamError && error.code === ErrorCode.UNAUTHENTICATED) {
        throw unauthenticated(
          `The gateway's service account could not sign in to Unduit (${error.failure.upstreamMessage ?? 'refused'}); check UNDUIT_EMAIL and UNDUIT_PASSWORD`,
        );
      }
      throw error;
    });
  }
}

/** Five minutes before expiry, or a quarter of the token's life when that is shorter. */
function refreshMargin(held: HeldToken): number {
  return Math.min(MAX_REFRESH_MARGIN_MS, (held.expiresAtMs - held.issuedAtMs) / 4);
}
