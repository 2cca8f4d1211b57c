/**
 * One GraphQL request's view of the Unduit API. Invariants: within a session each distinct GET (same
 * URL) is sent at most once; at most `maxConcurrency` calls are in flight; a GET refused with 401 is
 * retried once after the gateway signs in again, when it holds the credentials (service account);
 * writes are never deduplicated, cached or retried, and a successful write forgets the reads its
 * endpoint declares stale, here and for every caller. Counts what it costs, for `extensions.upstream`.
 */
import { ErrorCode, UpstreamError } from '../errors';
import { ConcurrencyLimit } from './concurrency-limit';
import type { CacheScope, SharedGetCache } from './shared-get-cache';
import type { UpstreamClient } from './upstream-client';
import { upstreamRequestKey, type UpstreamRequest } from './upstream-request';

/** What the apps' fetch functions call, with requests built by their endpoint declarations. */
export interface UpstreamTransport {
  get<T>(request: UpstreamRequest): Promise<T>;
  post<T>(request: UpstreamRequest): Promise<T>;
}

export interface UpstreamStats {
  requests: number;
  cacheHits: number;
  ms: number;
}

/** Supplies the bearer token for a call; may sign in first (service account). */
export type TokenSource = () => Promise<string | undefined>;

export interface SessionCredentials {
  token: TokenSource;
  cacheScope: CacheScope | null;
  renew?: (rejectedToken: string) => void;
}

export interface SessionOptions {
  maxConcurrency: number;
  /** When false, identical GETs are sent again and nothing is cached (the benchmark's baseline). */
  dedupe: boolean;
  sharedCache?: SharedGetCache;
}

export class UpstreamSession implements UpstreamTransport {
  readonly stats: UpstreamStats = { requests: 0, cacheHits: 0, ms: 0 };
  private readonly inFlightOrDone = new Map<string, Promise<unknown>>();
  private readonly limit: ConcurrencyLimit;
  private readonly invalidationListeners: Array<() => void> = [];

  constructor(
    private readonly client: UpstreamClient,
    private readonly credentials: SessionCredentials,
    private readonly options: SessionOptions,
  ) {
    this.limit = new ConcurrencyLimit(options.maxConcurrency);
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

  async post<T>(request: UpstreamRequest): Promise<T> {
    const token = await this.credentials.token();
    const answer = await this.send<T>(request, token);
    await this.forgetStaleReads(request.invalidates ?? []);
    return answer.body;
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

  private async read<T>(request: UpstreamRequest): Promise<T> {
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
    if (!cache) return (await this.send<T>(request, token)).body;
    const answer = await cache.get<T>(this.credentials.cacheScope, request, () => this.send<T>(request, token));
    if (answer.source !== 'upstream') this.stats.cacheHits += 1;
    return answer.body;
  }

  private send<T>(request: UpstreamRequest, token: string | undefined): Promise<{ body: T; bytes: number }> {
    return this.limit.run(async () => {
      const started = performance.now();
      this.stats.requests += 1;
      try {
        return await this.client.sendSized<T>(request, token);
      } finally {
        this.stats.ms += performance.now() - started;
      }
    });
  }
}
