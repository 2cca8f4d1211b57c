/**
 * A stand-in for the Unduit API at the transport boundary, for loader units: it answers each GET from
 * the raw pages a test gives (keyed by path and query, as the session keys them) and records every
 * request it was asked, so tests assert the calls as data.
 */
import { upstreamRequestKey, type UpstreamRequest } from '../../src/core/http/upstream-request';
import type { UpstreamTransport } from '../../src/core/upstream/session';

export class RecordingUpstream implements UpstreamTransport {
  /** `path?sorted query` of every GET, in order. */
  readonly calls: string[] = [];

  constructor(private readonly answers: Record<string, unknown>) {}

  async get<T>(request: UpstreamRequest): Promise<T> {
    const key = upstreamRequestKey(request).replace('http://upstream', '');
    this.calls.push(key);
    if (!(key in this.answers)) throw new Error(`no answer scripted for ${key}`);
    return this.answers[key] as T;
  }

  async post<T>(): Promise<T> {
    throw new Error('loaders never write');
  }
}
