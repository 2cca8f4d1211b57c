/** Reads a JWT's `exp` without verifying it: the gateway cannot verify, it only needs the time. */
import jwt from 'jsonwebtoken';

/** Milliseconds since the epoch, or null when the token has no readable `exp`. */
export function expiryOf(token: string): number | null {
  const payload = jwt.decode(token);
  const exp = payload && typeof payload === 'object' ? payload.exp : undefined;
  return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : null;
}
