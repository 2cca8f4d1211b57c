/**
 * One GraphQL request's view of the Unduit API. Invariants: within a session each distinct GET (same
 * URL) is fetched at most once (its retries aside); at most `maxConcurrency` of its calls are in
 * flight, and every call goes through the process-wide traffic policy (traffic.ts: breaker,
 * scheduler, retries of reads) under the operation's deadline; a GET refused with 401 is tried once
 * more after the gateway signs in again, when it holds the credentials (service account); writes are
 * never deduplicated, cached or retried, and a write that succeeded (or whose outcome is unknown)
 * forgets the reads its endpoint declares stale, here and for every caller. Counts what it costs,
 * for `extensions.upstream`.
 */
import { ErrorCode, isUpstreamFailure, UpstreamError } from '../errors';
import type { UpstreamCalls, UpstreamTraffic } from './traffic';
import { ConcurrencyLimit } from '../http/concurrency-limit';
import type { CacheScope, EntryStamp, SharedGetCache } from '../http/shared-get-cache';
import { upstreamRequestKey, type UpstreamRequest } from '../http/upstream-request';

/** What the apps' fetch functions call, with requests built by their endpoint declarations. */
export interface UpstreamTransport {
  get<T>(request: UpstreamRequest): Promise<T>;
  post<T>(request: UpstreamRequest): Promise<T>;
  /** See UpstreamSession; absent in tests' recording transports (batches then go at the next tick). */
  whenReadsSettle?(callback: () => void, maxWaitMs: number): void;
}

export interface UpstreamStats {
  /** Calls sent upstream, retries included. */
  requests: number;
  cacheHits: number;
  /** Calls sent again after a failure. */
  retries: number;
  /** Reads that failed, were retried and then succeeded. */
  recovered: number;
  /** Reads that failed for good (after their retries): each is an error at some field. */
  failed: number;
  /** Answers served from the cache after their TTL because the upstream failed (stale if error). */
  stale: number;
  /** Each stale answer's endpoint and age, so a client can tell which fields may be old. */
  staleAnswers: Array<{ endpoint: string; ageSeconds: number }>;
  ms: number;
}

/** A cached upstream answer a response was built from (plugins/response-cache.ts checks it is still the one cached). */
export interface CachedRead {
  request: Pick<UpstreamRequest, 'path' | 'query'>;
  stamp: EntryStamp;
}

/** When the first of these cached answers stops being fresh (ms): a response built from them is fresh until then. */
export function freshUntilOf(reads: readonly CachedRead[]): number {
  return Math.min(...reads.map((read) => read.stamp.freshUntil));
}

/** Supplies the bearer token for a call; may sign in first (service account). */
export type TokenSource = () => Promise<string | undefined>;

export interface SessionCredentials {
  token: TokenSource;
  /** Whose turn it is in the scheduler; null when the request brought no credentials. */
  principal: string | null;
  cacheScope: CacheScope | null;
  renew?: (rejectedToken: string) => void;
}

/** Wraps every network call of the session (security/token-check.ts: verify a client's token before fan-out). */
export interface CallGate {
  run<T>(call: () => Promise<T>): Promise<T>;
}

const OPEN_GATE: CallGate = { run: (call) => call() };

export interface SessionOptions {
  maxConcurrency: number;
  /** The operation's time budget for upstream calls, from the session's creation. */
  deadlineMs: number;
  /** When false, identical GETs are sent again and nothing is cached (the benchmark's baseline). */
  dedupe: boolean;
  sharedCache?: SharedGetCache;
  /** Every network call goes through it; absent: calls go straight out. */
  gate?: CallGate;
  /** A subscription's poll: its calls wait behind interactive ones (core/traffic/scheduler.ts), always go to the upstream, and refresh the shared cache. */
  background?: boolean;
}

export class UpstreamSession implements UpstreamTransport {
  readonly stats: UpstreamStats = { requests: 0, cacheHits: 0, retries: 0, recovered: 0, failed: 0, stale: 0, staleAnswers: [], ms: 0 };
  private readonly inFlightOrDone = new Map<string, Promise<unknown>>();
  private readonly limit: ConcurrencyLimit;
  private readonly invalidationListeners: Array<() => void> = [];
  private readonly calls: UpstreamCalls;
  private callsLeft: number;
  private readonly gate: CallGate;
  private readsInFlight = 0;
  /** Every read of this request came from (or went into) the shared cache: the cached answers it used; else null. */
  private cachedReads: CachedRead[] | null = [];
  private readonly settleWaiters = new Set<() => void>();

  constructor(
    traffic: UpstreamTraffic,
    private readonly credentials: SessionCredentials,
    private readonly options: SessionOptions,
  ) {
    this.limit = new ConcurrencyLimit(options.maxConcurrency);
    this.callsLeft = traffic.settings.maxCallsPerOperation;
    this.gate = options.gate ?? OPEN_GATE;
    this.calls = traffic.callsFor({
      principal: credentials.principal,
      background: options.background,
      deadlineAt: Date.now() + options.deadlineMs,
      takeCall: () => (this.callsLeft -= 1) >= 0,
      onSend: () => (this.stats.requests += 1),
      onRetry: () => (this.stats.retries += 1),
      onRecovered: () => (this.stats.recovered += 1),
      onFailed: () => (this.stats.failed += 1),
    });
  }

  get<T>(request: UpstreamRequest): Promise<T> {
    if (!this.options.dedupe) return this.read<T>(request);
    const key = upstreamRequestKey(request);
    let pending = this.inFlightOrDone.get(key) as Promise<T> | undefined;
    if (!pending) {
      pending = this.read<T>(request);
      this.inFlightOrDone.set(key, pending);
    }
    return pending;
  }

  /** The cached answers this request's response was built from; null when any read was not cached (or a write was sent). */
  get cachedAnswers(): readonly CachedRead[] | null {
    return this.cachedReads;
  }

  /** The response was served whole from these cached answers (plugins/response-cache.ts): they count as this request's reads. */
  answeredFromCache(reads: readonly CachedRead[]): void {
    this.stats.cacheHits += reads.length;
    this.cachedReads?.push(...reads);
  }

  /** The cache scope of this request's principal (null: its answers are never shared). */
  get cacheScope(): CacheScope | null {
    return this.credentials.cacheScope;
  }

  /** A write: its stale reads are forgotten once it succeeded, and also when nobody knows whether it did. */
  async post<T>(request: UpstreamRequest): Promise<T> {
    this.cachedReads = null;
    const token = await this.credentials.token();
    try {
      const answer = await this.gate.run(() => this.timed(() => this.limit.run(() => this.calls.write<T>(request, token))));
      await this.forgetStaleReads(request.invalidates ?? []);
      return answer.body;
    } catch (error) {
      if (isUpstreamFailure(error)) await this.forgetStaleReads(request.invalidates ?? []);
      throw error;
    }
  }

  /** Called after a write made reads stale, so per-request loaders can drop what they hold. */
  onInvalidate(listener: () => void): void {
    this.invalidationListeners.push(listener);
  }

  /** Drops this request's remembered GETs under each path, and every caller's cached ones. */
  private async forgetStaleReads(pathPrefixes: string[]): Promise<void> {
    if (!pathPrefixes.length) return;
    for (const pathPrefix of pathPrefixes) {
      const prefix = upstreamRequestKey({ path: pathPrefix });
      for (const key of this.inFlightOrDone.keys()) if (key.startsWith(prefix)) this.inFlightOrDone.delete(key);
      await this.options.sharedCache?.invalidate(pathPrefix);
    }
    for (const listener of this.invalidationListeners) listener();
  }

  /**
   * Runs `callback` once no read of this request is in flight (after the answers' own continuations
   * have run), or after `maxWaitMs`, whichever comes first. Loaders schedule their batches with it, so
   * lookups that answers arriving together trigger (every campaign's employees) form one batch, which
   * the planner can turn into a scan; with nothing in flight it fires at once.
   */
  whenReadsSettle(callback: () => void, maxWaitMs: number): void {
    let fired = false;
    const fire = () => {
      if (fired) return;
      fired = true;
      clearTimeout(timer);
      this.settleWaiters.delete(check);
      callback();
    };
    const check = () => this.readsInFlight === 0 && fire();
    const timer = setTimeout(fire, maxWaitMs);
    this.settleWaiters.add(check);
    setImmediate(check);
  }

  private async read<T>(request: UpstreamRequest): Promise<T> {
    this.readsInFlight += 1;
    try {
      return await this.readOnce<T>(request);
    } finally {
      // setImmediate: the answer's continuations (resolvers that load more) run before waiters look.
      if ((this.readsInFlight -= 1) === 0 && this.settleWaiters.size)
        setImmediate(() => [...this.settleWaiters].forEach((check) => check()));
    }
  }

  private async readOnce<T>(request: UpstreamRequest): Promise<T> {
    const token = await this.credentials.token();
    try {
      return await this.readShared<T>(request, token);
    } catch (error) {
      const renew = this.credentials.renew;
      if (!renew || !token || !(error instanceof UpstreamError) || error.code !== ErrorCode.UNAUTHENTICATED) throw error;
      renew(token);
      return this.readShared<T>(request, await this.credentials.token());
    }
  }

  private async readShared<T>(request: UpstreamRequest, token: string | undefined): Promise<T> {
    const cache = this.options.dedupe ? this.options.sharedCache : undefined;
    const fetch = () => this.gate.run(() => this.timed(() => this.limit.run(() => this.calls.read<T>(request, token))));
    if (!cache) {
      this.cachedReads = null;
      return (await fetch()).body;
    }
    const answer = await cache.get<T>(this.credentials.cacheScope, request, fetch, this.options.background).catch((error: unknown) => {
      this.cachedReads = null;
      throw error;
    });
    if (answer.entry) this.cachedReads?.push({ request: { path: request.path, query: request.query }, stamp: answer.entry });
    else this.cachedReads = null;
    if (answer.source === 'cache' || answer.source === 'shared') this.stats.cacheHits += 1;
    if (answer.source === 'stale') {
      this.stats.stale += 1;
      this.stats.staleAnswers.push({ endpoint: request.endpoint, ageSeconds: Math.round((answer.ageMs ?? 0) / 1000) });
    }
    return answer.body;
  }

  private async timed<T>(call: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await call();
    } finally {
      this.stats.ms += performance.now() - started;
    }
  }
}
