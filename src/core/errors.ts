/**
 * The closed set of error codes the gateway answers with, one constructor per code, and one table from
 * code to HTTP status. Every error a client sees carries one of these codes in `extensions.code`;
 * anything else is masked as INTERNAL_SERVER_ERROR (plugins/mask-unexpected-error.ts). Nothing outside
 * this file builds a `GatewayError`: call the constructor of the code instead.
 *
 * The HTTP status of a whole response is decided in one place (plugins/http-status.ts) from this table;
 * see docs/errors.md, "HTTP status".
 */
import { HeaderMap } from '@apollo/server';
import type { ApolloServerErrorCode } from '@apollo/server/errors';
import { GraphQLError } from 'graphql';
import { ErrorCode } from './error-codes';
import { statusPolicyOf } from './status-policy';

export { ErrorCode };

/** The status each code stands for when it refuses a request before execution. */
export const HTTP_STATUS: Readonly<Record<ErrorCode, number>> = {
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.CONFLICT]: 409,
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.BAD_REQUEST]: 400,
  [ErrorCode.PAYLOAD_TOO_LARGE]: 413,
  [ErrorCode.ROUTE_NOT_FOUND]: 404,
  [ErrorCode.RATE_LIMITED]: 429,
  [ErrorCode.QUERY_TOO_COMPLEX]: 400,
  [ErrorCode.UPSTREAM_ERROR]: 502,
  [ErrorCode.UPSTREAM_TIMEOUT]: 504,
  [ErrorCode.UPSTREAM_UNAVAILABLE]: 503,
  [ErrorCode.UPSTREAM_BUDGET_EXCEEDED]: 400,
  [ErrorCode.IDEMPOTENCY_UNAVAILABLE]: 503,
  [ErrorCode.PERSISTED_QUERY_NOT_ALLOWED]: 400,
  [ErrorCode.INTERNAL_SERVER_ERROR]: 500,
};

export interface FieldError {
  path: string;
  message: string;
}

/** After a failed write: UNKNOWN (5xx, timeout: it may or may not have happened) or PROBABLY_APPLIED. */
export type WriteOutcome = 'UNKNOWN' | 'PROBABLY_APPLIED';

/** Where an upstream failure happened: the endpoint's name and status; never a URL, query or token. */
export interface UpstreamErrorExtension {
  endpoint: string;
  status: number | null;
}

/** What the gateway's errors may carry besides `code`; typed on every GraphQLError below. */
export interface GatewayErrorExtensions {
  fieldErrors?: FieldError[];
  upstream?: UpstreamErrorExtension;
  outcome?: WriteOutcome;
  /** QUERY_TOO_COMPLEX: the estimate and the limit. */
  cost?: number;
  maxCost?: number;
  /** A bulk write whose answer could not be paired with its input: the codes as received. */
  recoveryCodes?: Array<string | null>;
  /** Seconds to wait before trying again, whenever the gateway knows (Retry-After, an open breaker). */
  retryAfter?: number;
}

declare module 'graphql' {
  interface GraphQLErrorExtensions extends GatewayErrorExtensions {
    code?: ErrorCode | `${ApolloServerErrorCode}`;
    /** Read by Apollo Server for the response status (and headers), and removed from the response. */
    http?: { status: number; headers?: HeaderMap };
  }
}

/** What the gateway knows about a failed upstream call; never holds a token or a request body. */
export interface UpstreamFailure {
  /** The endpoint's name, e.g. `GET /users` (no query values, no host). */
  endpoint: string;
  /** HTTP status, absent for timeouts and network failures. */
  status?: number;
  /** The upstream's own `message`, when its body had one. */
  upstreamMessage?: string;
  /**
   * `redirect`: the upstream answered 3xx towards another origin (or a write), which is never followed;
   * `oversized`: its body was over MAX_UPSTREAM_BODY_BYTES (core/http/upstream-client.ts), not read further.
   */
  kind: 'status' | 'timeout' | 'network' | 'redirect' | 'oversized';
  /** The parsed error body, for mapping a 422's field messages; never sent to clients as is. */
  body?: unknown;
  /** The answer's Retry-After, in ms, when it had one. */
  retryAfterMs?: number;
}

type Extra = GatewayErrorExtensions;

/** Any error raised on purpose; its status is the table's. Built only by the constructors below. */
export abstract class GatewayError extends GraphQLError {
  readonly code: ErrorCode;

  protected constructor(code: ErrorCode, message: string, extensions: Extra = {}) {
    super(message, { extensions: { ...extensions, code, http: { status: HTTP_STATUS[code] } } });
    this.code = code;
  }
}

/** Not exported: outside this file, errors come from the constructor of their code. */
class CodedError extends GatewayError {
  constructor(code: ErrorCode, message: string, extensions: Extra = {}) {
    super(code, message, extensions);
  }
}

export function unauthenticated(message: string): GatewayError {
  return new CodedError(ErrorCode.UNAUTHENTICATED, message);
}

export function notFound(message: string): GatewayError {
  return new CodedError(ErrorCode.NOT_FOUND, message);
}

export function conflict(message: string): GatewayError {
  return new CodedError(ErrorCode.CONFLICT, message);
}

export function badUserInput(message: string, fieldErrors: FieldError[] = [], extra: Pick<Extra, 'upstream'> = {}): GatewayError {
  return new CodedError(ErrorCode.BAD_USER_INPUT, message, { ...extra, ...(fieldErrors.length ? { fieldErrors } : {}) });
}

/** Refusals at the HTTP edge, before any GraphQL: the body is not a GraphQL request, too large, or the route unknown. */
export function badRequest(message: string): GatewayError {
  return new CodedError(ErrorCode.BAD_REQUEST, message);
}

export function payloadTooLarge(limit: string): GatewayError {
  return new CodedError(ErrorCode.PAYLOAD_TOO_LARGE, `The request body is over the gateway's limit of ${limit}`);
}

export function routeNotFound(method: string, path: string): GatewayError {
  return new CodedError(ErrorCode.ROUTE_NOT_FOUND, `No route ${method} ${path.slice(0, 100)}; GraphQL is served at POST /graphql`);
}

/** Over a rate limit (security/rate-limits.ts): `what` names it, e.g. "sign-in attempts from this address". */
export function rateLimited(what: string, retryAfterSeconds: number): GatewayError {
  const error = new CodedError(ErrorCode.RATE_LIMITED, `Too many ${what}; try again in ${retryAfterSeconds} s`, {
    retryAfter: retryAfterSeconds,
  });
  error.extensions.http = {
    status: HTTP_STATUS[ErrorCode.RATE_LIMITED],
    headers: new HeaderMap([['retry-after', String(retryAfterSeconds)]]),
  };
  return error;
}

/** Over a subscription limit (core/live/pollers.ts): `what` says which, `limit` how many are allowed. */
export function tooManySubscriptions(what: string, limit: number): GatewayError {
  return new CodedError(ErrorCode.RATE_LIMITED, `Too many ${what} (at most ${limit}); end one before starting another`);
}

/** `paging`: how to page the operation within the budget, when some paging fits (core/graph/query-cost.ts). */
export function queryTooComplex(cost: number, maxCost: number, paging?: string): GatewayError {
  const how = paging ? `page it: ${paging}` : 'ask for fewer fields or smaller pages (limit), or split it';
  return new CodedError(
    ErrorCode.QUERY_TOO_COMPLEX,
    `This query could need about ${cost} upstream calls (the limit is ${maxCost}); ${how}`,
    {
      cost,
      maxCost,
      ...(paging && { paging }),
    },
  );
}

/**
 * The upstream answered 2xx, but not in the shape the documents promise (a body that is not a JSON
 * object, a missing count or token). `extra` says what that means for a write.
 */
export function upstreamContractBroken(
  endpoint: string,
  detail: string,
  extra: Pick<Extra, 'outcome' | 'recoveryCodes'> = {},
): GatewayError {
  return new CodedError(ErrorCode.UPSTREAM_ERROR, `The Unduit API answered ${endpoint} but ${detail}`, {
    upstream: { endpoint, status: null },
    ...extra,
  });
}

/** The endpoint's circuit breaker is open: answered at once, nothing sent. */
export function upstreamUnavailable(endpoint: string, retryAfterSeconds: number): GatewayError {
  return new CodedError(
    ErrorCode.UPSTREAM_UNAVAILABLE,
    `The Unduit API is failing for ${endpoint}; the gateway stopped calling it for now. Try again in ${retryAfterSeconds} s`,
    { upstream: { endpoint, status: null }, retryAfter: retryAfterSeconds },
  );
}

/** One operation may make at most `maxCalls` upstream calls; past that, nothing more is sent. */
export function upstreamBudgetExceeded(endpoint: string, maxCalls: number): GatewayError {
  return new CodedError(
    ErrorCode.UPSTREAM_BUDGET_EXCEEDED,
    `This operation used its budget of ${maxCalls} upstream calls; ${endpoint} was not asked. Ask for fewer fields or smaller pages, or split it`,
    { upstream: { endpoint, status: null } },
  );
}

/** Only the documents of the trusted manifest run; this request named or sent another one. */
export function persistedQueryNotAllowed(): GatewayError {
  return new CodedError(
    ErrorCode.PERSISTED_QUERY_NOT_ALLOWED,
    'This gateway runs only its trusted documents: send the documentId (sha256) of one of them, as your generated client does',
  );
}

/**
 * A keyed write refused before anything was sent: the idempotency store (Redis) could not be asked,
 * or another replica still holds the key. Sending anyway could write twice; the client retries later
 * with the same key (and gets the first write's result, if there was one).
 */
export function idempotencyUnavailable(reason: 'store unreachable' | 'key busy', retryAfterSeconds: number): GatewayError {
  const why =
    reason === 'store unreachable'
      ? "the gateway's shared idempotency store (Redis) cannot be reached"
      : 'a write with this idempotencyKey is still in progress on another replica';
  return new CodedError(
    ErrorCode.IDEMPOTENCY_UNAVAILABLE,
    `Nothing was written: ${why}. Try again in ${retryAfterSeconds} s with the same idempotencyKey (or send the write without one)`,
    { retryAfter: retryAfterSeconds },
  );
}

/** The operation's deadline passed before this call could be made (queued, or between retries). */
export function deadlineExceeded(endpoint: string, deadlineMs: number): GatewayError {
  return new CodedError(
    ErrorCode.UPSTREAM_TIMEOUT,
    `The operation's deadline (${deadlineMs} ms) passed before the Unduit API could answer ${endpoint}`,
    { upstream: { endpoint, status: null } },
  );
}

/** An upstream failure as a GraphQL error: the one place that maps upstream statuses to codes. */
export class UpstreamError extends GatewayError {
  readonly failure: UpstreamFailure;

  constructor(failure: UpstreamFailure) {
    super(statusPolicyOf(failure).code, describeFailure(failure), {
      upstream: { endpoint: failure.endpoint, status: failure.status ?? null },
      ...(failure.retryAfterMs === undefined ? {} : { retryAfter: Math.ceil(failure.retryAfterMs / 1000) }),
    });
    this.failure = failure;
  }

  /** The same failure of a write whose outcome nobody knows (5xx, timeout, lost connection). */
  withUnknownOutcome(advice: string): GatewayError {
    return new CodedError(this.code, `${this.message}. ${advice}`, { upstream: this.extensions.upstream, outcome: 'UNKNOWN' });
  }
}

function describeFailure({ kind, status, endpoint, upstreamMessage }: UpstreamFailure): string {
  const said = upstreamMessage ? `: ${upstreamMessage}` : '';
  switch (kind) {
    case 'timeout':
      return `The Unduit API did not answer ${endpoint} in time`;
    case 'network':
      return `The Unduit API could not be reached for ${endpoint}${said}`;
    case 'redirect':
      return `The Unduit API redirected ${endpoint} ${upstreamMessage ?? 'elsewhere'}; the gateway does not follow it (it would carry the token there)`;
    case 'oversized':
      return `The Unduit API's answer to ${endpoint} is larger than the gateway accepts (${upstreamMessage}); it was not read`;
    default:
      return `The Unduit API answered ${endpoint} with HTTP ${status}${said}`;
  }
}

/**
 * The upstream's own failures (upstream/status-policy.ts, `breaker`): what opens a breaker, and after
 * which a write's outcome is unknown. Everything else (4xx, 429, a deadline) says nothing of its health.
 */
export function isUpstreamFailure(error: unknown): boolean {
  return error instanceof UpstreamError && statusPolicyOf(error.failure).breaker;
}

/**
 * Failures a stale cached answer may stand in for: an upstream answer the status policy says so of,
 * or the gateway's own refusal on the upstream's behalf (an open breaker, a deadline, a broken contract).
 */
export function isUpstreamTrouble(error: unknown): boolean {
  if (error instanceof UpstreamError) return statusPolicyOf(error.failure).mayServeStale;
  if (!(error instanceof GatewayError)) return false;
  return [ErrorCode.UPSTREAM_ERROR, ErrorCode.UPSTREAM_TIMEOUT, ErrorCode.UPSTREAM_UNAVAILABLE].includes(error.code);
}

export function isUpstreamNotFound(error: unknown): boolean {
  return error instanceof UpstreamError && error.code === ErrorCode.NOT_FOUND;
}

/** For single-object queries whose contract is "null when the upstream says 404". */
export async function nullIfNotFound<T>(pending: Promise<T>): Promise<T | null> {
  try {
    return await pending;
  } catch (error) {
    if (isUpstreamNotFound(error)) return null;
    throw error;
  }
}
