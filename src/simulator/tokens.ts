/** Real HS256 JWTs, as the live API issues: `{ id, email, company_id, iat, exp }`. */
import { randomBytes } from 'node:crypto';
import jwt from 'jsonwebtoken';

/** Time as the simulator reads it; tests pass their own (the gateway's clock fits: same shape). */
export interface SimClock {
  now(): number;
}

const systemClock: SimClock = { now: () => Date.now() };

export interface TokenClaims {
  id: number;
  email: string;
  company_id: number;
}

export class TokenIssuer {
  /** A fresh secret per simulator: tokens of another instance (or forged ones) are refused. */
  private readonly secret = randomBytes(32);

  constructor(
    public ttlSeconds: number,
    private readonly clock: SimClock = systemClock,
  ) {}

  issue(claims: TokenClaims): string {
    const iat = Math.floor(this.clock.now() / 1000);
    return jwt.sign({ id: claims.id, email: claims.email, company_id: claims.company_id, iat, exp: iat + this.ttlSeconds }, this.secret, {
      algorithm: 'HS256',
    });
  }

  /** The claims of a valid, unexpired token of this simulator; null otherwise. */
  verify(token: string): TokenClaims | null {
    try {
      const payload = jwt.verify(token, this.secret, { algorithms: ['HS256'], clockTimestamp: Math.floor(this.clock.now() / 1000) });
      if (typeof payload !== 'object' || typeof payload.company_id !== 'number') return null;
      return { id: Number(payload.id), email: String(payload.email), company_id: payload.company_id };
    } catch {
      return null;
    }
  }
}
