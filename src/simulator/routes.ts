/**
 * The simulator's route table and its dispatcher. Each app module (apps/<app>/routes.ts) lists its
 * documented endpoints as routes; a handler gets the parsed request and returns a status and a JSON
 * body; server.ts does HTTP, bearer auth, latency and faults.
 */
import type { SimCompany } from './model';

export interface SimRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: Record<string, unknown>;
  /** The company of a valid bearer token; null only on public routes. */
  company: SimCompany | null;
  /** The `:name` segments of the route's path. */
  params: Record<string, string>;
}

export interface SimResponse {
  status: number;
  body: unknown;
}

export interface Route {
  method: 'GET' | 'POST';
  /** Below `/api/v1`; `:name` segments match one path segment each. */
  path: string;
  /** Needs no bearer token (login, refresh). */
  public?: boolean;
  handle(request: SimRequest): SimResponse;
}

export const ok = (body: unknown): SimResponse => ({ status: 200, body });
export const fail = (status: number, message: string, extra: Record<string, unknown> = {}): SimResponse => ({
  status,
  body: { message, ...extra },
});

interface CompiledRoute extends Route {
  pattern: RegExp;
  paramNames: string[];
}

export class RouteTable {
  private readonly routes: CompiledRoute[];

  constructor(routes: Route[]) {
    this.routes = routes.map((route) => {
      const paramNames = [...route.path.matchAll(/:([A-Za-z_]+)/g)].map((match) => match[1]);
      const pattern = new RegExp(`^${route.path.replace(/:[A-Za-z_]+/g, '([^/]+)')}$`);
      return { ...route, pattern, paramNames };
    });
  }

  /** The route for a request and its path parameters; undefined when none matches. */
  find(method: string, path: string): { route: Route; params: Record<string, string> } | undefined {
    for (const route of this.routes) {
      const match = route.method === method ? route.pattern.exec(path) : null;
      if (match) {
        const params = Object.fromEntries(route.paramNames.map((name, index) => [name, decodeURIComponent(match[index + 1])]));
        return { route, params };
      }
    }
    return undefined;
  }
}

/** `page` / `limit` query values: absent means the default; anything but a positive integer is refused. */
export function positive(raw: string | null, fallback: number): number | null {
  if (raw === null || raw === '') return fallback;
  const value = Number(raw);
  return Number.isInteger(value) && value >= 1 ? value : null;
}

export function paginate<T>(items: T[], page: number, limit: number): { items: T[]; totalPages: number } {
  return { items: items.slice((page - 1) * limit, page * limit), totalPages: Math.ceil(items.length / limit) };
}
