/** The per-client request limit, checked before the body is read: a flood costs almost nothing. */
import type { RequestHandler } from 'express';
import { rateLimited } from '../core/errors';
import { clientOf, type RateLimits, type VerifiedCredentials } from '../security/rate-limits';
import { sendRefusal } from './refusals';

export function requestRateLimit(limits: RateLimits, verified: VerifiedCredentials): RequestHandler {
  return (req, res, next) => {
    if (req.method === 'OPTIONS') return next();
    const address = req.ip ?? 'unknown';
    limits.request(clientOf(req.headers, address, verified), address).then((verdict) => {
      if (verdict.allowed) return next();
      sendRefusal(res, rateLimited('requests from this client', verdict.retryAfterSeconds));
    }, next);
  };
}
