/**
 * Rate limits (rate-limiter-flexible), one policy for the fleet: counted in Redis when replicas share
 * state (so a client spread over N replicas gets the limit once, not N times), else in memory. While
 * Redis fails, each replica counts in its own memory (the library's insurance limiter), so limits
 * keep holding, per replica.
 * - every GraphQL request, per client: its API key when valid, its bearer token (by hash) once the
 *   upstream accepted it, else its address: a credential nobody has verified yet is no identity, so
 *   inventing one per request does not escape the limit;
 * - tokens shown to the upstream for the first time (one verification call each), per address;
 * - automatic persisted queries registered, per address (edge/persisted-query-registrations.ts);
 * - `login` and `refreshToken`, stricter: per client address and, for login, per (address, email);
 *   an email's failed sign-ins from anywhere slow its next attempts down, never refuse them: a
 *   stranger's wrong passwords cannot lock the owner out, and the right password still goes through;
 * - wrong API keys, per client address: past the limit the address is refused whatever key it sends.
 * Over a limit: HTTP 429, code RATE_LIMITED, a Retry-After header and `extensions.retryAfter`.
 */
import { createHash } from 'node:crypto';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { RedisConnection } from '../core/redis/redis-connection';

export interface RateLimitSettings {
  /** GraphQL requests per minute per client. */
  requestsPerMinute: number;
  /** `login` / `refreshToken` calls per minute per client address. */
  loginsPerMinutePerAddress: number;
  /** `login` calls per 15 minutes per email from one address; as many failures from anywhere start the slow-down. */
  loginsPer15MinutesPerEmail: number;
  /** Wrong API keys per 15 minutes per client address. */
  wrongKeysPer15MinutesPerAddress: number;
  /** Bearer tokens new to the gateway (each costs one upstream call to verify) per minute per client address. */
  tokenChecksPerMinutePerAddress: number;
  /** Automatic persisted queries registered (stored for a day) per hour per client address. */
  persistedQueriesPerHourPerAddress: number;
}

/**
 * Defaults: 1,200 requests a minute per client lets a backend behind one API key serve 20 requests a
 * second, a BI tool pull every table page by page (113 requests today) ten times a minute; what the
 * upstream can take is the traffic policy's to guard (scheduler, budget, breakers), not this limit's;
 * a person signs in a few times, not 10 a minute; a password guesser gets 10 tries per email per
 * quarter hour; a key guesser 20 per address; 120 new
 * tokens a minute let a backend behind one address bring in 7,200 users an hour (a token stays
 * verified for an hour), while a token sprayer costs the upstream at most 2 calls a second; an app
 * registers each of its few dozen operations once (200 an hour), a client storing junk 6 MB a day.
 */
export const DEFAULT_RATE_LIMITS: RateLimitSettings = {
  requestsPerMinute: 1_200,
  loginsPerMinutePerAddress: 10,
  loginsPer15MinutesPerEmail: 10,
  wrongKeysPer15MinutesPerAddress: 20,
  tokenChecksPerMinutePerAddress: 120,
  persistedQueriesPerHourPerAddress: 200,
};

export type RateLimitName = 'requests' | 'sign-ins' | 'wrong-keys' | 'token-checks' | 'persisted-queries';

/** Allowed (after `delayMs`, when slowed down), or refused for this many seconds. */
export type RateVerdict = { allowed: true; delayMs?: number } | { allowed: false; retryAfterSeconds: number };

const QUARTER_HOUR_S = 15 * 60;
/** Each failure past an email's allowance adds this wait to its next sign-in, up to the cap. */
const SLOW_DOWN_STEP_MS = 500;
const SLOW_DOWN_MAX_MS = 5_000;

export class RateLimits {
  private readonly requests: RateLimiterAbstract;
  /** Limiters of API keys with their own limit, one per distinct limit. */
  private readonly requestsAt = new Map<number, RateLimiterAbstract>();
  private readonly limiter: (keyPrefix: string, points: number, duration: number) => RateLimiterAbstract;
  private readonly loginsByAddress: RateLimiterAbstract;
  private readonly loginsByAddressAndEmail: RateLimiterAbstract;
  private readonly loginFailuresByEmail: RateLimiterAbstract;
  private readonly failuresBeforeSlowDown: number;
  private readonly wrongKeys: RateLimiterAbstract;
  private readonly tokenChecks: RateLimiterAbstract;
  private readonly persistedQueries: RateLimiterAbstract;

  /** `onRefused`: told which limit refused a request (for metrics). */
  constructor(
    settings: RateLimitSettings,
    private readonly onRefused: (limit: RateLimitName) => void = () => undefined,
    redis?: RedisConnection,
  ) {
    const limiter = (this.limiter = (keyPrefix: string, points: number, duration: number): RateLimiterAbstract => {
      const memory = new RateLimiterMemory({ keyPrefix, points, duration });
      if (!redis) return memory;
      return new RateLimiterRedis({
        storeClient: redis.client,
        keyPrefix: `rate-limit:${keyPrefix}`,
        points,
        duration,
        rejectIfRedisNotReady: true,
        insuranceLimiter: memory,
      });
    });
    this.requests = limiter('requests', settings.requestsPerMinute, 60);
    this.loginsByAddress = limiter('logins-address', settings.loginsPerMinutePerAddress, 60);
    this.loginsByAddressAndEmail = limiter('logins-address-email', settings.loginsPer15MinutesPerEmail, QUARTER_HOUR_S);
    // Counts failures only; never refuses (its points are read, and consumed past any limit).
    this.loginFailuresByEmail = limiter('login-failures-email', Number.MAX_SAFE_INTEGER, QUARTER_HOUR_S);
    this.failuresBeforeSlowDown = settings.loginsPer15MinutesPerEmail;
    this.wrongKeys = limiter('wrong-keys', settings.wrongKeysPer15MinutesPerAddress, QUARTER_HOUR_S);
    this.tokenChecks = limiter('token-checks', settings.tokenChecksPerMinutePerAddress, 60);
    this.persistedQueries = limiter('persisted-queries', settings.persistedQueriesPerHourPerAddress, 3600);
  }

  /** One GraphQL request of this client (see `clientOf`); an address locked out for wrong keys is refused too. */
  async request(client: Client, address: string): Promise<RateVerdict> {
    const locked = await this.wrongKeys.get(address);
    if (locked && locked.remainingPoints <= 0) return this.counted('wrong-keys', refusedFor(locked));
    return this.counted('requests', await consume(this.requestsLimiter(client.requestsPerMinute), client.key));
  }

  private requestsLimiter(perMinute: number | undefined): RateLimiterAbstract {
    if (perMinute === undefined) return this.requests;
    let limiter = this.requestsAt.get(perMinute);
    if (!limiter) this.requestsAt.set(perMinute, (limiter = this.limiter(`requests-${perMinute}`, perMinute, 60)));
    return limiter;
  }

  async login(address: string, email: string | undefined): Promise<RateVerdict> {
    const byAddress = await consume(this.loginsByAddress, address);
    if (!byAddress.allowed || email === undefined) return this.counted('sign-ins', byAddress);
    const key = emailKey(email);
    const verdict = await consume(this.loginsByAddressAndEmail, `${address}\0${key}`);
    if (!verdict.allowed) return this.counted('sign-ins', verdict);
    const failures = (await this.loginFailuresByEmail.get(key))?.consumedPoints ?? 0;
    const excess = failures - this.failuresBeforeSlowDown;
    return excess > 0 ? { allowed: true, delayMs: Math.min(SLOW_DOWN_MAX_MS, excess * SLOW_DOWN_STEP_MS) } : verdict;
  }

  /** The upstream refused a sign-in for this email (a wrong password): its next attempts slow down past the allowance. */
  async loginFailed(email: string): Promise<void> {
    await this.loginFailuresByEmail.consume(emailKey(email)).catch(() => undefined);
  }

  /** A token the gateway has no verdict on is about to be shown to the upstream for this address. */
  async tokenCheck(address: string): Promise<RateVerdict> {
    return this.counted('token-checks', await consume(this.tokenChecks, address));
  }

  /** A client at this address asks to store a persisted query. */
  async persistedQueryRegistration(address: string): Promise<RateVerdict> {
    return this.counted('persisted-queries', await consume(this.persistedQueries, address));
  }

  async wrongApiKey(address: string): Promise<void> {
    await consume(this.wrongKeys, address);
  }

  private counted(limit: RateLimitName, verdict: RateVerdict): RateVerdict {
    if (!verdict.allowed) this.onRefused(limit);
    return verdict;
  }
}

/** What the gateway has verified about a request's credentials, for `clientOf`. */
export interface VerifiedCredentials {
  /** A gateway API key it holds (compared in constant time), with its own limit if it has one. */
  apiKey(key: string): { requestsPerMinute?: number } | undefined;
  /** A bearer token the upstream has accepted. */
  isAcceptedToken(token: string): boolean;
}

/** Who a request counts against, and its own limit when its API key carries one. */
export interface Client {
  key: string;
  requestsPerMinute?: number;
}

/** A valid API key or an accepted bearer token (hashed), else the request's address. */
export function clientOf(
  headers: { authorization?: string; 'x-api-key'?: string | string[] },
  address: string,
  verified: VerifiedCredentials,
): Client {
  const authorization = headers.authorization?.trim() ?? '';
  const bearer = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
  if (bearer !== undefined) return { key: verified.isAcceptedToken(bearer) ? `token:${hashed(bearer)}` : `address:${address}` };
  const header = Array.isArray(headers['x-api-key']) ? headers['x-api-key'][0] : headers['x-api-key'];
  const apiKey = /^ApiKey\s+(\S+)$/i.exec(authorization)?.[1] ?? header?.trim();
  const known = apiKey ? verified.apiKey(apiKey) : undefined;
  return known ? { key: `key:${hashed(apiKey!)}`, requestsPerMinute: known.requestsPerMinute } : { key: `address:${address}` };
}

const emailKey = (email: string) => email.trim().toLowerCase();
const hashed = (secret: string) => createHash('sha256').update(secret).digest('hex').slice(0, 32);

async function consume(limiter: RateLimiterAbstract, key: string): Promise<RateVerdict> {
  try {
    await limiter.consume(key);
    return { allowed: true };
  } catch (refusal) {
    if (refusal instanceof RateLimiterRes) return refusedFor(refusal);
    throw refusal;
  }
}

function refusedFor(result: RateLimiterRes): RateVerdict {
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(result.msBeforeNext / 1000)) };
}
