/**
 * An upstream endpoint, declared once by the app that owns it: method and path template (which make
 * its name, e.g. `GET /recover/employees/details/:campaign_number`), the cache TTL of its answers with
 * the setting that overrides it, its own retry policy when the traffic policy's default does not fit,
 * and, for a write, the reads it makes stale. Requests to it are built
 * only from the declaration, so no path or endpoint name is written twice.
 */
import type { QueryValue, UpstreamRequest } from './upstream-request';

/** How long a GET's answers are shared across requests, and the environment variable overriding it. */
export interface CachePolicy {
  ttlSeconds: number;
  variable: string;
  /** Why this TTL; shown in docs/configuration.md. */
  reason: string;
}

/** How often a failed read of this endpoint may be sent again, at most (below UPSTREAM_RETRIES); why. */
export interface RetryPolicy {
  retries: number;
  reason: string;
}

/** `:name` segments of a path template, as an object type: `/a/:id` -> `{ id: string }`. */
export type PathParams<Template extends string> = Template extends `${string}:${infer Param}/${infer Rest}`
  ? { [K in Param]: string } & PathParams<`/${Rest}`>
  : Template extends `${string}:${infer Param}`
    ? { [K in Param]: string }
    : Record<string, never>;

export interface Endpoint<Params extends object = object, Body = unknown> {
  readonly name: string;
  readonly method: 'GET' | 'POST';
  readonly template: string;
  readonly cache?: CachePolicy;
  readonly retry?: RetryPolicy;
  /** A write's stale reads: path prefixes (built with the reads' own `path`) to forget once it succeeded, or may have. */
  readonly invalidates?: (body: Body) => string[];
  path(params: Params): string;
  request(params: Params, options?: { query?: Record<string, QueryValue>; body?: Body }): UpstreamRequest;
}

interface EndpointOptions<Body> {
  cache?: CachePolicy;
  retry?: RetryPolicy;
  invalidates?: (body: Body) => string[];
}

export function endpoint<Template extends string, Body = unknown>(
  method: 'GET' | 'POST',
  template: Template,
  options: EndpointOptions<Body> = {},
): Endpoint<PathParams<Template>, Body> {
  const name = `${method} ${template}`;
  const path = (params: PathParams<Template>) =>
    template.replace(/:([A-Za-z_]+)/g, (_match, key: string) => encodeURIComponent((params as Record<string, string>)[key]));
  return {
    name,
    method,
    template,
    cache: options.cache,
    retry: options.retry,
    invalidates: options.invalidates,
    path,
    request: (params, { query, body } = {}) => ({
      method,
      endpoint: name,
      path: path(params),
      query,
      body,
      ...(options.retry && { retries: options.retry.retries }),
      invalidates: body === undefined ? undefined : options.invalidates?.(body),
    }),
  };
}
