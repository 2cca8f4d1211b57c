/**
 * What an upstream failure means, in one table every stage reads: whether a read is sent again,
 * whether that retry takes from the retry budget, whether it counts against the endpoint's breaker
 * (and leaves a write's outcome unknown), whether a stale cached answer may stand in, whether it
 * slows the principal down in the scheduler, and the error code the client sees. Statuses the
 * documents do not name fall to the 4xx or 5xx row.
 */
import { ErrorCode } from './error-codes';
import type { UpstreamFailure } from './errors';

export interface StatusPolicy {
  /** A read failing so is sent again (within the retry budget and the deadline); a write never is. */
  retry: boolean;
  /** Its retry takes from the retry budget (a 429 does not: nothing was done, and the scheduler waits anyway). */
  spendsBudget: boolean;
  /** A failure of the upstream itself: counts for the breaker, and a write's outcome is then unknown. */
  breaker: boolean;
  /** A cached answer past its TTL may be served instead (the upstream's trouble, not the caller's mistake). */
  mayServeStale: boolean;
  /** Halves the principal's share in the scheduler (and its Retry-After pauses the principal). */
  slowsDown: boolean;
  code: ErrorCode;
}

const row = (code: ErrorCode, flags: Partial<Omit<StatusPolicy, 'code'>> = {}): StatusPolicy => ({
  retry: false,
  spendsBudget: false,
  breaker: false,
  mayServeStale: false,
  slowsDown: false,
  ...flags,
  code,
});

const SICK = { retry: true, spendsBudget: true, breaker: true, mayServeStale: true };

/** The table, by failure kind or HTTP status. */
export const STATUS_POLICY = {
  timeout: row(ErrorCode.UPSTREAM_TIMEOUT, SICK),
  network: row(ErrorCode.UPSTREAM_ERROR, SICK),
  /** A body over the size limit: the upstream misbehaves, and would again. */
  oversized: row(ErrorCode.UPSTREAM_ERROR, { breaker: true, mayServeStale: true }),
  /** A redirect off the upstream's origin (or of a write): never followed, never retried. */
  redirect: row(ErrorCode.UPSTREAM_ERROR, { mayServeStale: true }),
  400: row(ErrorCode.BAD_USER_INPUT),
  401: row(ErrorCode.UNAUTHENTICATED),
  403: row(ErrorCode.UNAUTHENTICATED),
  404: row(ErrorCode.NOT_FOUND),
  409: row(ErrorCode.CONFLICT),
  422: row(ErrorCode.BAD_USER_INPUT),
  429: row(ErrorCode.UPSTREAM_ERROR, { retry: true, mayServeStale: true, slowsDown: true }),
  500: row(ErrorCode.UPSTREAM_ERROR, SICK),
  502: row(ErrorCode.UPSTREAM_ERROR, SICK),
  503: row(ErrorCode.UPSTREAM_ERROR, SICK),
  504: row(ErrorCode.UPSTREAM_ERROR, SICK),
  /** Another 5xx (501, 505...): the upstream is failing, but sending the same again will not help. */
  '5xx': row(ErrorCode.UPSTREAM_ERROR, { breaker: true, mayServeStale: true }),
  /** Another 4xx, or a status the documents never mention. */
  other: row(ErrorCode.UPSTREAM_ERROR, { mayServeStale: true }),
} satisfies Record<string, StatusPolicy>;

export function statusPolicyOf({ kind, status }: Pick<UpstreamFailure, 'kind' | 'status'>): StatusPolicy {
  if (kind !== 'status') return STATUS_POLICY[kind];
  const exact = STATUS_POLICY[status as keyof typeof STATUS_POLICY];
  if (exact) return exact;
  return status !== undefined && status >= 500 ? STATUS_POLICY['5xx'] : STATUS_POLICY.other;
}
