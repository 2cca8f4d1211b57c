/**
 * Automatic persisted queries are stored on a client's say-so (with Redis, for a day, for every
 * replica), so what one client may store is bounded: a document over MAX_PERSISTED_DOCUMENT_BYTES is
 * never stored, and an address registers at most its allowance of new hashes (security/rate-limits.ts).
 * A POST past either bound still runs, as a plain query that is not registered (its client just
 * sends the document again next time); a GET past the allowance is refused, since its URL cannot be
 * rewritten. Runs after the body is parsed, before Apollo Server sees the request.
 */
import type { RequestHandler } from 'express';
import { rateLimited } from '../core/errors';
import type { RateLimits } from '../security/rate-limits';
import { sendRefusal } from './refusals';

/** The shipped operations are a few KB each; a BI query paging every list by alias stays well under. */
export const MAX_PERSISTED_DOCUMENT_BYTES = 32 * 1024;

export function persistedQueryRegistrations(limits: RateLimits): RequestHandler {
  return (req, res, next) => {
    const params = (req.method === 'GET' ? req.query : req.body) as Record<string, unknown> | undefined;
    if (!params || typeof params !== 'object' || typeof params.query !== 'string' || !registersHash(params.extensions)) return next();
    const address = req.ip ?? 'unknown';
    const tooLarge = Buffer.byteLength(params.query) > MAX_PERSISTED_DOCUMENT_BYTES;
    (tooLarge ? Promise.resolve({ allowed: false as const, retryAfterSeconds: 0 }) : limits.persistedQueryRegistration(address)).then(
      (verdict) => {
        if (verdict.allowed) return next();
        if (req.method !== 'GET') {
          delete (params.extensions as Record<string, unknown>).persistedQuery;
          return next();
        }
        sendRefusal(res, rateLimited('persisted-query registrations from this address', Math.max(1, verdict.retryAfterSeconds)));
      },
      next,
    );
  };
}

/** Apollo's `extensions.persistedQuery` (an object in a POST body, JSON text in a GET's query string). */
function registersHash(extensions: unknown): boolean {
  if (typeof extensions === 'string') return extensions.includes('"persistedQuery"');
  return Boolean(extensions && typeof extensions === 'object' && 'persistedQuery' in extensions);
}
