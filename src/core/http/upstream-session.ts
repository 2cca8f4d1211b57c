/**
 * One GraphQL request's view of the Unduit API. Invariant: within a session each distinct GET
 * (same URL) is sent at most once, and at most `maxConcurrency` calls are in flight. Writes are never
 * deduplicated or retried. Counts what it sends, for `extensions.upstream`.
 */
import { ConcurrencyLimit } from './concurrency-limit';
import type { UpstreamClient } from './upstream-client';
import { buildUpstreamUrl, type UpstreamRequest } from './upstream-request';

export interface UpstreamTransport {
  get<T>(request: Omit<UpstreamRequest, 'method' | 'body'>): Promise<T>;
  post<T>(request: Omit<UpstreamRequest, 'method'>): Promise<T>;
}

export interface UpstreamStats {
  requests: number;
  ms: number;
}

/** Supplies the bearer token for a call; may sign in first (service account). */
export type TokenSource = () => Promise<string | undefined>;

export interface SessionOptions {
  maxConcurrency: number;
  /** When false, identical GETs are sent again (the benchmark's "unbatched" baseline). */
  dedupe: boolean;
}

export class UpstreamSession implements UpstreamTransport {
  readonly stats: UpstreamStats = { requests: 0, ms: 0 };
  private readonly inFlightOrDone = new Map<string, Promise<unknown>>();
  private readonly limit: ConcurrencyLimit;

  constructor(
    private readonly client: UpstreamClient,
    private readonly token: TokenSource,
    private readonly options: SessionOptions,
  ) {
    this.limit = new ConcurrencyLimit(options.maxConcurrency);
  }

  get<T>(request: Omit<UpstreamRequest, 'method' | 'body'>): Promise<T> {
    const full: UpstreamRequest = { ...request, method: 'GET' };
    if (!this.options.dedupe) return this.send<T>(full);
    const key = buildUpstreamUrl('http://upstream', full);
    let pending = this.inFlightOrDone.get(key) as Promise<T> | undefined;
    if (!pending) {
      pending = this.send<T>(full);
      this.inFlightOrDone.set(key, pending);
    }
    return pending;
  }

  /** Drops remembered GETs under a path (after a write made them stale). */
  forget(pathPrefix: string): void {
    const prefix = buildUpstreamUrl('http://upstream', { path: pathPrefix });
    for (const key of this.inFlightOrDone.keys()) if (key.startsWith(prefix)) this.inFlightOrDone.delete(key);
  }

  post<T>(request: Omit<UpstreamRequest, 'method'>): Promise<T> {
    return this.send<T>({ ...request, method: 'POST' });
  }

  private async send<T>(request: UpstreamRequest): Promise<T> {
    const token = await this.token();
    return this.limit.run(async () => {
      const started = performance.now();
      this.stats.requests += 1;
      try {
        return await this.client.send<T>(request, token);
      } finally {
        this.stats.ms += performance.now() - started;
      }
    });
  }
}
