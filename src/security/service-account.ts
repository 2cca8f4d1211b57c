/**
 * The gateway's own Unduit sign-in. Invariants: at most one login or refresh is in flight at a time
 * (concurrent callers share it); a token is refreshed before it is within `refreshMargin` of its
 * `exp`; a token the upstream refused is dropped, so the next caller signs in again. Sign-ins back
 * off: after a failed login, or a fresh token refused again, the next sign-in waits 1 s, then 2, 4...
 * up to a minute, and callers meanwhile get the last failure at once; an upstream that refuses every
 * read, or a wrong password, costs a few logins a minute however many requests or probes arrive.
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
const FIRST_BACKOFF_MS = 1_000;
/** Also how long a token must have lived for its refusal to count as news rather than a storm. */
const MAX_BACKOFF_MS = 60_000;

export class ServiceAccount {
  private held: HeldToken | undefined;
  private pending: Promise<HeldToken> | undefined;
  /** Failed logins and quickly refused tokens in a row; from the second, sign-ins back off. */
  private strikes = 0;
  private lastSignInAt = 0;
  private lastFailure: Error | undefined;

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
    const waitMs = this.msUntilSignIn();
    if (!held && waitMs > 0) throw this.backingOff(waitMs);
    this.pending ??= this.renew(held).finally(() => (this.pending = undefined));
    return (await this.pending).token;
  }

  /** The upstream refused this token: sign in again on next use (unless that already happened). */
  forget(rejectedToken: string): void {
    if (this.held?.token !== rejectedToken) return;
    const lived = this.clock.now() - this.held.issuedAtMs;
    this.strikes = lived < MAX_BACKOFF_MS ? this.strikes + 1 : 1;
    this.lastFailure = undefined;
    this.held = undefined;
  }

  /** For readiness: the last outcome, without signing in per probe (only when nothing was tried yet). */
  async signInStatus(): Promise<'ok' | 'cannot sign in'> {
    if (this.held && this.clock.now() < this.held.expiresAtMs) return 'ok';
    if (this.lastFailure && this.msUntilSignIn() > 0) return 'cannot sign in';
    return this.token().then(
      () => 'ok' as const,
      () => 'cannot sign in' as const,
    );
  }

  /** How long the backoff still holds the next sign-in (0 or less: it may go). */
  private msUntilSignIn(): number {
    const backoffMs = this.strikes < 2 ? 0 : Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** (this.strikes - 2));
    return this.lastSignInAt + backoffMs - this.clock.now();
  }

  private backingOff(waitMs: number): Error {
    return (
      this.lastFailure ??
      unauthenticated(`The Unduit API keeps refusing the gateway's service account; it signs in again in ${Math.ceil(waitMs / 1000)} s`)
    );
  }

  /** Refreshes a still-valid token; logs in when there is none, it has expired, or refresh fails. */
  private async renew(current: HeldToken | undefined): Promise<HeldToken> {
    const stillValid = current && this.clock.now() < current.expiresAtMs;
    if (stillValid) this.strikes = 0;
    this.lastSignInAt = this.clock.now();
    const answer = stillValid ? await refreshToken(this.client, current.token).catch(() => this.login()) : await this.login();
    const now = this.clock.now();
    this.lastFailure = undefined;
    this.held = { token: answer.token, issuedAtMs: now, expiresAtMs: expiryOf(answer.token) ?? now + ASSUMED_LIFETIME_MS };
    return this.held;
  }

  private login() {
    return login(this.client, this.credentials).catch((error: unknown) => {
      this.strikes += 1;
      this.lastSignInAt = this.clock.now();
      if (error instanceof UpstreamError && error.code === ErrorCode.UNAUTHENTICATED) {
        throw (this.lastFailure = unauthenticated(
          `The gateway's service account could not sign in to Unduit (${error.failure.upstreamMessage ?? 'refused'}); check UNDUIT_EMAIL and UNDUIT_PASSWORD`,
        ));
      }
      throw (this.lastFailure = error as Error);
    });
  }
}

/** Five minutes before expiry, or a quarter of the token's life when that is shorter. */
function refreshMargin(held: HeldToken): number {
  return Math.min(MAX_REFRESH_MARGIN_MS, (held.expiresAtMs - held.issuedAtMs) / 4);
}
