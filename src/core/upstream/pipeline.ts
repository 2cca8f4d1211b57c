/**
 * The path of one upstream call, outermost stage first: where each stage lives and what it decides.
 * A read crosses every stage; a write skips deduplication, the shared cache and the retry policy (it
 * is sent at most once) and, once it succeeded or may have, forgets the reads its endpoint declares
 * stale. What each upstream status means for these stages is one table (../status-policy.ts). A test
 * keeps this list true to the code (test/unit/upstream-pipeline.test.ts).
 */
export interface Stage {
  stage: string;
  /** The file (under src/core) and the code that runs it, as it reads there. */
  file: string;
  code: string;
  decides: string;
}

export const READ_PATH: readonly Stage[] = [
  {
    stage: 'deduplication',
    file: 'upstream/session.ts',
    code: 'this.inFlightOrDone.get(key)',
    decides: 'each distinct GET once per GraphQL request',
  },
  {
    stage: 'sign-in again',
    file: 'upstream/session.ts',
    code: 'renew(token)',
    decides: 'a read refused with 401 is tried once more after the service account signs in again',
  },
  {
    stage: 'shared cache',
    file: 'upstream/session.ts',
    code: 'cache.get<T>(this.credentials.cacheScope, request, fetch, this.options.background)',
    decides:
      "an answer cached for the caller's principal, or a stale one when the upstream is in trouble; a subscription's poll always fetches, and refreshes the entry",
  },
  {
    stage: 'token check',
    file: 'upstream/session.ts',
    code: 'this.gate.run(',
    decides: "a client's new token goes out on one call before the others (security/token-check.ts)",
  },
  {
    stage: 'time spent',
    file: 'upstream/session.ts',
    code: 'this.timed(',
    decides: 'what the request spent upstream, for extensions.upstream',
  },
  {
    stage: 'per-request cap',
    file: 'upstream/session.ts',
    code: 'this.limit.run(',
    decides: 'at most UPSTREAM_MAX_CONCURRENCY calls of one request in flight',
  },
  {
    stage: 'retry policy',
    file: 'upstream/traffic.ts',
    code: 'policy\n          .execute(',
    decides: "a failed read sent again, as the status policy, the endpoint's retry policy, the retry budget and the deadline allow",
  },
  {
    stage: 'deadline',
    file: 'upstream/traffic.ts',
    code: 'Date.now() >= scope.deadlineAt',
    decides: "nothing is sent past the operation's deadline",
  },
  {
    stage: 'call budget',
    file: 'upstream/traffic.ts',
    code: 'scope.takeCall()',
    decides: 'at most MAX_UPSTREAM_CALLS per operation, retries included',
  },
  {
    stage: 'breaker',
    file: 'upstream/traffic.ts',
    code: 'this.breakers.execute(',
    decides: 'an endpoint failing over and over is not called for a while',
  },
  {
    stage: 'scheduler',
    file: 'upstream/traffic.ts',
    code: 'this.scheduler.run(',
    decides: "the process-wide cap, fair turns between principals, each principal's adaptive share and Retry-After pause",
  },
  {
    stage: 'span',
    file: 'upstream/traffic.ts',
    code: 'inUpstreamSpan(',
    decides: 'one trace span per attempt (nothing when tracing is off)',
  },
  { stage: 'metrics', file: 'upstream/traffic.ts', code: 'this.observed(', decides: 'calls and their duration by endpoint and status' },
  {
    stage: 'HTTP client',
    file: 'http/upstream-client.ts',
    code: 'await this.pool.request(',
    decides: 'a pool of keep-alive connections, the exchange timeout, redirects within the origin, the answer size bound',
  },
];

export const WRITE_PATH: readonly Stage[] = [
  {
    stage: 'token check',
    file: 'upstream/session.ts',
    code: 'this.gate.run(',
    decides: "a client's new token goes out on one call before the others",
  },
  { stage: 'time spent', file: 'upstream/session.ts', code: 'this.timed(', decides: 'what the request spent upstream' },
  {
    stage: 'per-request cap',
    file: 'upstream/session.ts',
    code: 'this.limit.run(',
    decides: 'at most UPSTREAM_MAX_CONCURRENCY calls of one request in flight',
  },
  { stage: 'sent once', file: 'upstream/traffic.ts', code: 'write: <T>(request: UpstreamRequest', decides: 'a write is never retried' },
  ...READ_PATH.slice(READ_PATH.findIndex((stage) => stage.stage === 'deadline')),
  {
    stage: 'stale reads forgotten',
    file: 'upstream/session.ts',
    code: 'this.forgetStaleReads(',
    decides: 'the reads the write made stale, here and for every caller',
  },
];
