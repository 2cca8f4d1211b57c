/**
 * The HTTP client of the Unduit API: one pool of keep-alive connections (undici), a timeout on every
 * call, and the one place where a failed response becomes an `UpstreamError`. Stateless across
 * requests; tokens are passed in. undici rather than node-fetch over node:http: the same exchange
 * costs about half the CPU (bench/README.md, "HTTP client").
 */
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { pipeline, type Readable, type Transform } from 'node:stream';
import { Pool } from 'undici';
import { upstreamContractBroken, UpstreamError } from '../errors';
import { parseRetryAfter } from './retry-after';
import { ExchangeTimer } from './exchange-timer';
import { buildUpstreamHeaders, buildUpstreamUrl, type UpstreamRequest } from './upstream-request';

export interface UpstreamClientOptions {
  baseUrl: string;
  timeoutMs: number;
}

/** Connections kept open to the upstream: at least the largest UPSTREAM_MAX_IN_FLIGHT, so a call never waits for one. */
const MAX_CONNECTIONS = 256;

interface Exchange {
  status: number;
  text: string;
  retryAfter: string | undefined;
}

export class UpstreamClient {
  private readonly origin: string;
  private readonly pool: Pool;

  /** When the upstream last answered anything at all (ms since the epoch; 0: never), for readiness. */
  lastAnsweredAt = 0;

  constructor(readonly options: UpstreamClientOptions) {
    this.origin = new URL(options.baseUrl).origin;
    this.pool = new Pool(this.origin, { connections: MAX_CONNECTIONS });
  }

  /** Resolves with the parsed JSON body of a 2xx answer; rejects with an `UpstreamError` otherwise. */
  async send<T>(request: UpstreamRequest, token?: string): Promise<T> {
    return (await this.sendSized<T>(request, token)).body;
  }

  /** As `send`, with the body's size in bytes (what a cache entry costs). */
  async sendSized<T>(request: UpstreamRequest, token?: string): Promise<{ body: T; bytes: number }> {
    const { status, text, retryAfter } = await this.exchange(request, token);
    const body = parseJson(text);
    if (status < 200 || status > 299) {
      const retryAfterMs = parseRetryAfter(retryAfter ?? null, Date.now());
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
    void this.pool.destroy();
  }

  /**
   * One HTTP exchange, headers and body both under the timeout. A redirect is followed only for a read
   * and only within the configured origin (the token goes with it); a body is read only up to
   * MAX_UPSTREAM_BODY_BYTES once decoded, and the connection is dropped past that.
   */
  private async exchange(request: UpstreamRequest, token?: string): Promise<Exchange> {
    let url = new URL(buildUpstreamUrl(this.options.baseUrl, request));
    const body = request.body !== undefined ? JSON.stringify(request.body) : undefined;
    const headers = buildUpstreamHeaders(token, body !== undefined);
    const controller = new AbortController();
    const timer = new ExchangeTimer(this.options.timeoutMs, () => controller.abort());
    try {
      for (let hops = 0; ; hops += 1) {
        const response = await this.pool.request({
          method: request.method,
          path: url.pathname + url.search,
          headers,
          body,
          signal: controller.signal,
          // The exchange timer bounds the whole exchange; undici's own timers would count a blocked loop against the upstream.
          headersTimeout: 0,
          bodyTimeout: 0,
        });
        if (isRedirect(response.statusCode)) {
          url = this.redirectTarget(request, response.headers.location, response.statusCode, hops);
          await response.body.dump();
          continue;
        }
        const text = await readBounded(response.body, response.headers['content-encoding'], request.endpoint);
        this.lastAnsweredAt = Date.now();
        return { status: response.statusCode, text, retryAfter: headerValue(response.headers['retry-after']) };
      }
    } catch (error) {
      if (error instanceof UpstreamError) throw error;
      if (controller.signal.aborted) throw new UpstreamError({ endpoint: request.endpoint, kind: 'timeout' });
      const code = (error as { code?: string }).code;
      throw new UpstreamError({ endpoint: request.endpoint, kind: 'network', upstreamMessage: code });
    } finally {
      timer.clear();
    }
  }

  /** Where a read may follow a redirect: the same origin, a few hops; a write or another origin is an error. */
  private redirectTarget(request: UpstreamRequest, location: string | string[] | undefined, status: number, hops: number): URL {
    const where = headerValue(location);
    const target = where ? new URL(where, this.options.baseUrl) : undefined;
    const refuse = (why: string) => new UpstreamError({ endpoint: request.endpoint, kind: 'redirect', status, upstreamMessage: why });
    if (!target || target.origin !== this.origin) throw refuse('to another origin');
    if (request.method !== 'GET') throw refuse('(a write is sent once, never again elsewhere)');
    if (hops >= MAX_REDIRECTS) throw refuse(`more than ${MAX_REDIRECTS} times`);
    return target;
  }
}

const MB = 1024 * 1024;
/**
 * The largest upstream answer read, decoded: the largest documented page (100 employees with their
 * items, at `limit=100`) is a small fraction of it, and a gzip bomb or a runaway page stops here.
 */
export const MAX_UPSTREAM_BODY_BYTES = 4 * MB;
const MAX_REDIRECTS = 3;

/** Decoders for the encodings the gateway asks for (upstream-request.ts); any other is read as sent. */
const DECODERS: Record<string, () => Transform> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

/**
 * The body as text, decoded, read only up to MAX_UPSTREAM_BODY_BYTES: past that the stream (and the
 * connection under it) is destroyed, so the rest of an oversized body is never inflated or read.
 */
async function readBounded(body: Readable, encoding: string | string[] | undefined, endpoint: string): Promise<string> {
  const decoder = DECODERS[headerValue(encoding)?.trim().toLowerCase() ?? ''];
  // pipeline: a body that fails (a timeout's abort) fails its decoder too.
  const source: Readable = decoder ? pipeline(body, decoder(), () => undefined) : body;
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_UPSTREAM_BODY_BYTES)
        throw new UpstreamError({ endpoint, kind: 'oversized', upstreamMessage: `over ${MAX_UPSTREAM_BODY_BYTES / MB} MB` });
      chunks.push(chunk);
    }
  } catch (error) {
    body.destroy();
    throw error;
  }
  return chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks, size).toString('utf8');
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

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
