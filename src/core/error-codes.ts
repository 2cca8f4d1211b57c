/** The closed set of error codes the gateway answers with (errors.ts builds them; upstream/status-policy.ts maps upstream failures to them). */
export enum ErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  /** Not a GraphQL-over-HTTP request: a body that is not JSON, no query (Apollo Server's code too). */
  BAD_REQUEST = 'BAD_REQUEST',
  /** The request body is over the gateway's limit. */
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  /** No such route. */
  ROUTE_NOT_FOUND = 'ROUTE_NOT_FOUND',
  /** Over a rate limit: answered 429 with Retry-After to every client (see plugins/http-status.ts). */
  RATE_LIMITED = 'RATE_LIMITED',
  /** The operation's estimated upstream calls are over MAX_QUERY_COST; refused before running. */
  QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX',
  UPSTREAM_ERROR = 'UPSTREAM_ERROR',
  UPSTREAM_TIMEOUT = 'UPSTREAM_TIMEOUT',
  /** The operation used up MAX_UPSTREAM_CALLS: the rest of its fields are not fetched. */
  UPSTREAM_BUDGET_EXCEEDED = 'UPSTREAM_BUDGET_EXCEEDED',
  /** The endpoint's circuit breaker is open: the upstream is failing, nothing was sent. */
  UPSTREAM_UNAVAILABLE = 'UPSTREAM_UNAVAILABLE',
  /** Trusted documents are on and the request is not one of them (security/trusted-documents.ts). */
  PERSISTED_QUERY_NOT_ALLOWED = 'PERSISTED_QUERY_NOT_ALLOWED',
  /** A write with an idempotencyKey could not be made safely (shared store unreachable, or the key busy elsewhere): nothing was sent. */
  IDEMPOTENCY_UNAVAILABLE = 'IDEMPOTENCY_UNAVAILABLE',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}
