/**
 * Verify before fan-out, per GraphQL request. A client's own token that the upstream has not yet
 * accepted goes out on one call; the operation's other calls wait for that answer. Once the upstream
 * refuses the token (401 or 403), no further call of the operation is sent (each answers
 * UNAUTHENTICATED), and the refusal is remembered process-wide and fleet-wide (TokenVerdicts), so the next operation
 * with that token costs the upstream nothing. A garbage token behind thousands of aliased lookups
 * thus costs one upstream call, then none. Showing a token the gateway has no verdict on is admitted
 * by a budget per client address first (security/rate-limits.ts), so fresh garbage tokens do not
 * each buy an upstream call.
 */
import { ErrorCode, rateLimited, unauthenticated, UpstreamError } from '../core/errors';
import type { RateVerdict } from './rate-limits';
import type { TokenVerdicts } from './token-verdicts';

export class TokenCheck {
  private verdictPending: Promise<void> | undefined;
  private refusedWith: Error | undefined;
  private recalled: Promise<void> | undefined;

  constructor(
    private readonly verdicts: TokenVerdicts,
    private readonly principal: string | null,
    /** Present for a client's own token; absent for the service account (its login vouches for it). */
    private readonly verify: { validUntilMs: number | null } | undefined,
    /** Asked once before the token is shown to the upstream for the first time. */
    private readonly admitCheck: () => Promise<RateVerdict> = async () => ({ allowed: true }),
  ) {}

  async run<T>(call: () => Promise<T>): Promise<T> {
    const { verdicts, principal } = this;
    if (!this.verify || !principal) return call();
    // Once per request: what other replicas know of the token.
    await (this.recalled ??= verdicts.recall(principal));
    for (;;) {
      if (this.refusedWith) throw this.refusedWith;
      if (verdicts.isRefused(principal)) {
        throw (this.refusedWith = unauthenticated('The Unduit API refused this token a moment ago; sign in again (`login`) for a new one'));
      }
      if (verdicts.isAccepted(principal)) return this.watched(call, verdicts, principal);
      if (!this.verdictPending) break;
      await this.verdictPending;
    }
    let settled!: () => void;
    this.verdictPending = new Promise<void>((resolve) => (settled = resolve));
    try {
      const admitted = await this.admitCheck();
      if (!admitted.allowed) throw (this.refusedWith = rateLimited('new tokens to verify from this address', admitted.retryAfterSeconds));
      return await this.watched(call, verdicts, principal);
    } finally {
      this.verdictPending = undefined;
      settled();
    }
  }

  /** Records what the upstream said of the token: any answer but 401/403 came after its auth check. */
  private async watched<T>(call: () => Promise<T>, verdicts: TokenVerdicts, principal: string): Promise<T> {
    try {
      const result = await call();
      if (!verdicts.isAccepted(principal)) verdicts.accept(principal, this.verify!.validUntilMs);
      return result;
    } catch (error) {
      const status = error instanceof UpstreamError ? error.failure.status : undefined;
      if (error instanceof UpstreamError && error.code === ErrorCode.UNAUTHENTICATED) {
        verdicts.refuse(principal);
        // The other fields never reached the upstream: their error says so, not the first call's status.
        this.refusedWith = unauthenticated(
          'The Unduit API refused this token; nothing more was asked with it. Sign in again (`login`) for a new one',
        );
      } else if (status !== undefined && status < 500 && !verdicts.isAccepted(principal)) {
        verdicts.accept(principal, this.verify!.validUntilMs);
      }
      throw error;
    }
  }
}
