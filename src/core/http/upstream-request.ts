/**
 * The shape of one call to the Unduit API, and the one function that turns it into a URL and headers.
 * Requests are made by endpoint declarations (endpoint.ts); nothing else builds a URL or a header.
 */
export type QueryValue = string | number | undefined | null;

export interface UpstreamRequest {
  method: 'GET' | 'POST';
  /** Path below the base URL, e.g. `/users` or `/recover/employees/details/17458430682853`. */
  path: string;
  /** Stable name for errors, logs and stats: method and path template, no values. */
  endpoint: string;
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** Retries of this read at most, from its endpoint's own retry policy; absent: the traffic policy's. */
  retries?: number;
  /** A write's stale reads: path prefixes to forget once it succeeded, or may have (from its endpoint declaration). */
  invalidates?: string[];
}

/** Query parameters in a fixed order, absent values dropped, so equal requests build equal URLs. */
export function buildUpstreamUrl(baseUrl: string, request: Pick<UpstreamRequest, 'path' | 'query'>): string {
  const url = new URL(baseUrl.replace(/\/+$/, '') + request.path);
  const entries = Object.entries(request.query ?? {})
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined && entry[1] !== null && entry[1] !== '')
    .sort(([a], [b]) => a.localeCompare(b));
  for (const [key, value] of entries) url.searchParams.set(key, String(value));
  return url.toString();
}

/** The identity of a request for deduplication and caching: path and sorted query, no host. */
export function upstreamRequestKey(request: Pick<UpstreamRequest, 'path' | 'query'>): string {
  return buildUpstreamUrl('http://upstream', request);
}

export function buildUpstreamHeaders(token: string | undefined, hasBody: boolean): Record<string, string> {
  // Compressed answers are decoded by the client (upstream-client.ts), bounded once decoded.
  const headers: Record<string, string> = { accept: 'application/json', 'accept-encoding': 'gzip, deflate, br' };
  if (hasBody) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  return headers;
}
