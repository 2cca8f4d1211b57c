/**
 * The gateway's own Unduit sign-in, used when a client sends no token of its own. Invariant: at most
 * one login or refresh is in flight at a time (concurrent callers share it), and a token is never
 * handed out within `refreshMarginMs` of its expiry.
 */
import jwt from 'jsonwebtoken';
import type { UpstreamClient } from '../../core/http/upstream-client';
import { login, refreshToken } from './rest';

interface HeldToken {
  token: string;
  expiresAtMs: number;
}

export class ServiceAccount {
  private held: HeldToken | undefined;
  private pending: Promise<HeldToken> | undefined;

  constructor(
    private readonly client: UpstreamClient,
    private readonly credentials: { email: string; password: string },
    private readonly refreshMarginMs = 5 * 60_000,
  ) {}

  get email(): string {
    return this.credentials.email;
  }

  async token(): Promise<string> {
    const held = this.held;
    if (held && held.expiresAtMs - this.refreshMarginMs > Date.now()) return held.token;
    this.pending ??= this.renew(held).finally(() => (this.pending = undefined));
    return (await this.pending).token;
  }

  /** Refreshes a still-valid token; logs in again when there is none or the refresh is refused. */
  private async renew(current: HeldToken | undefined): Promise<HeldToken> {
    let answer;
    if (current && current.expiresAtMs > Date.now()) {
      answer = await refreshToken(this.client, current.token).catch(() => login(this.client, this.credentials));
    } else {
      answer = await login(this.client, this.credentials);
    }
    this.held = { token: answer.token, expiresAtMs: expiryOf(answer.token) };
    return this.held;
  }
}

/** Reads `exp` without verifying: the gateway cannot verify, it only needs to know when to renew. */
export function expiryOf(token: string): number {
  const payload = jwt.decode(token);
  const exp = payload && typeof payload === 'object' ? payload.exp : undefined;
  // The documents promise 4 hours; assume less when the token does not say.
  return typeof exp === 'number' ? exp * 1000 : Date.now() + 60 * 60_000;
}
