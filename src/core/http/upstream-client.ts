/**
 * The HTTP client of the Unduit API: keep-alive sockets, a timeout on every call, and the one place
 * where a failed response becomes an `UpstreamError`. Stateless across requests; tokens are passed in.
 */
import http from 'node:http';
import https from 'node:https';
import fetch from 'node-fetch';
import { upstreamContractBroken, UpstreamError } from '../errors';
import { parseRetryAfter } from './retry-after';
import { ExchangeTimer } from './exchange-timer';
import { buildUpstreamHeaders, buildUpstreamUrl, type UpstreamRequest } from './upstream-request';

export interface UpstreamClientOptions {
  baseUrl: string;
  timeoutMs: number;
}

/** Sockets kept open to the upstream: at least the largest UPSTREAM_MAX_IN_FLIGHT, so a call never waits for a socket. */
const MAX_SOCKETS = 256;

export class UpstreamClient {
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS });
  private readonly httpsAgent = new https.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS });

  /** When the upstream last answered anything at all (ms since the epoch; 0: never), for readiness. */
  lastAnsweredAt = 0;

  constructor(readonly options: UpstreamClientOptions) {}

  /** Resolves with the parsed JSON body of a 2xx answer; rejects with an `UpstreamError` otherwise. */
  async send<T>(request: UpstreamRequest, token?: string): Promise<T> {
    return (await this.sendSized<T>(request, token)).body;
  }

  /** As `send`, with the body's size in bytes (what a cache entry costs). */
  async sendSized<T>(request: UpstreamRequest, token?: string): Promise<{ body: T; bytes: number }> {
    const { status, ok, text, retryAfter } = await this.exchange(request, token);
    const body = parseJson(text);
    if (!ok) {
      const retryAfterMs = parseRetryAfter(retryAfter, Date.now());
      throw new UpstreamError({ endpoint: request.endpoint, status, upstreamMessage: messageOf(body), kind: 'status', body, retryAfterMs });
    }
    // Every documented success body is a JSON object; anything else cannot be mapped. A write answered
    // 2xx has happened, whatever its body says.
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw upstreamContractBroken(
        request.endpoint,
        'its body is not the documented JSON object',
        request.method === 'POST' ? { outcome: 'PROBABLY_APPLIED' } : {},
      );
    }
    return { body: body as T, bytes: Buffer.byteLength(text) };
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  /**
   * One HTTP exchange, headers and body both under the timeout. A redirect is followed only for a read
   * and only within the configured origin (the token goes with it); a body is read only up to
   * MAX_UPSTREAM_BODY_BYTES once decoded, and the connection is dropped past that.
   */
  private async exchange(
    request: UpstreamRequest,
    token?: string,
  ): Promise<{ status: number; ok: boolean; text: string; retryAfter: string | null }> {
    let url = buildUpstreamUrl(this.options.baseUrl, request);
    const hasBody = request.body !== undefined;
    const controller = new AbortController();
    const timer = new ExchangeTimer(this.options.timeoutMs, () => controller.abort());
    let oversized = false;
    try {
      for (let hops = 0; ; hops += 1) {
        const response = await fetch(url, {
          method: request.method,
          headers: buildUpstreamHeaders(token, hasBody),
          body: hasBody ? JSON.stringify(request.body) : undefined,
          agent: (parsed: URL) => (parsed.protocol === 'https:' ? this.httpsAgent : this.httpAgent),
          redirect: 'manual',
          size: MAX_UPSTREAM_BODY_BYTES,
          // node-fetch 2 types its own AbortSignal; the platform's is compatible at run time.
          signal: controller.signal as never,
        });
        if (isRedirect(response.status)) {
          url = this.redirectTarget(request, response.headers.get('location'), response.status, hops);
          response.body.resume();
          continue;
        }
        const text = await response.text().catch((error: { type?: string }) => {
          // Drops the socket too: the rest of an oversized body is never inflated or read.
          if (error.type === 'max-size') {
            oversized = true;
            controller.abort();
          }
          throw error;
        });
        this.lastAnsweredAt = Date.now();
        return { status: response.status, ok: response.ok, text, retryAfter: response.headers.get('retry-after') };
      }
    } catch (error) {
      if (error instanceof UpstreamError) throw error;
      if (oversized)
        throw new UpstreamError({
          endpoint: request.endpoint,
          kind: 'oversized',
          upstreamMessage: `over ${MAX_UPSTREAM_BODY_BYTES / MB} MB`,
        });
      if (controller.signal.aborted) throw new UpstreamError({ endpoint: request.endpoint, kind: 'timeout' });
      const code = (error as { code?: string }).code;
      throw new UpstreamError({ endpoint: request.endpoint, kind: 'network', upstreamMessage: code });
    } finally {
      timer.clear();
    }
  }

  /** Where a read may follow a redirect: the same origin, a few hops; a write or another origin is an error. */
  private redirectTarget(request: UpstreamRequest, location: string | null, status: number, hops: number): string {
    const origin = new URL(this.options.baseUrl).origin;
    const target = location ? new URL(location, this.options.baseUrl) : undefined;
    const refuse = (where: string) => new UpstreamError({ endpoint: request.endpoint, kind: 'redirect', status, upstreamMessage: where });
    if (!target || target.origin !== origin) throw refuse('to another origin');
    if (request.method !== 'GET') throw refuse('(a write is sent once, never again elsewhere)');
    if (hops >= MAX_REDIRECTS) throw refuse(`more than ${MAX_REDIRECTS} times`);
    return target.toString();
  }
}

const MB = 1024 * 1024;
/**
 * The largest upstream answer read, decoded: the largest documented page (100 employees with their
 * items, at `limit=100`) is a small fraction of it, and a gzip bomb or a runaway page stops here.
 */
export const MAX_UPSTREAM_BODY_BYTES = 4 * MB;
const MAX_REDIRECTS = 3;

function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The documents promise a JSON `message` on errors; tolerate bodies without one. */
function messageOf(body: unknown): string | undefined {
  if (body && typeof body === 'object' && typeof (body as { message?: unknown }).message === 'string') {
    return (body as { message: string }).message.slice(0, 300);
  }
  return undefined;
}
