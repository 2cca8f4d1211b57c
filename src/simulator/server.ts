/**
 * The built-in Unduit API: the documented endpoints under `/api/v1`, bearer auth, per-company data,
 * plus what tests and benchmarks need (a request log, injected latency and faults). The gateway
 * never uses those extras: it talks to the simulator as to the live API.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { allRoutes } from './apps';
import { seedCompanies } from './companies';
import type { SimCompany } from './model';
import { fail, RouteTable, type SimResponse } from './routes';
import { TokenIssuer, type SimClock } from './tokens';

export const API_PREFIX = '/api/v1';

export interface LoggedRequest {
  method: string;
  /** Path below `/api/v1`, without the query. */
  path: string;
  query: Record<string, string>;
  companyId: number | null;
  status: number;
}

export interface Fault {
  method?: string;
  /** Matches the path below `/api/v1` (a string must match exactly). */
  path: string | RegExp;
  status?: number;
  /** A raw body to send (default: a JSON `{ message }`). */
  body?: string;
  delayMs?: number;
  /** How many requests it applies to; unlimited when absent. */
  times?: number;
}

export interface SimulatorOptions {
  latencyMs?: number;
  /** Entries kept in `requestLog` (the count is always kept); a benchmark keeps none. */
  logLimit?: number;
  /** Serves `GET /__simulator/stats` (request count) for a benchmark in another process. */
  adminRoutes?: boolean;
  tokenTtlSeconds?: number;
  /** Time as token issuing and checking see it (tests move it instead of sleeping). */
  clock?: SimClock;
}

export class UnduitSimulator {
  readonly requestLog: LoggedRequest[] = [];
  /** Requests under /api/v1 since start, whatever `logLimit` keeps. */
  requestCount = 0;
  readonly companies: SimCompany[] = seedCompanies();
  latencyMs: number;
  private readonly logLimit: number;
  private readonly adminRoutes: boolean;
  private readonly tokens: TokenIssuer;
  private readonly routes: RouteTable;
  private readonly faults: Fault[] = [];
  private readonly server = http.createServer((req, res) => void this.serve(req, res));
  private baseUrl = '';

  constructor(options: SimulatorOptions = {}) {
    this.latencyMs = options.latencyMs ?? 0;
    this.logLimit = options.logLimit ?? Infinity;
    this.adminRoutes = options.adminRoutes ?? false;
    this.tokens = new TokenIssuer(options.tokenTtlSeconds ?? 4 * 3600, options.clock);
    this.routes = new RouteTable(allRoutes(this.companies, this.tokens));
    this.server.keepAliveTimeout = 30_000;
  }

  /** The base URL to give the gateway, e.g. `http://127.0.0.1:40123/api/v1`. */
  get url(): string {
    return this.baseUrl;
  }

  set tokenTtlSeconds(seconds: number) {
    this.tokens.ttlSeconds = seconds;
  }

  listen(port = 0, host = '127.0.0.1'): Promise<string> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        const { port: bound } = this.server.address() as AddressInfo;
        this.baseUrl = `http://${host}:${bound}${API_PREFIX}`;
        resolve(this.baseUrl);
      });
    });
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  injectFault(fault: Fault): void {
    this.faults.push({ ...fault });
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  clearLog(): void {
    this.requestLog.length = 0;
    this.requestCount = 0;
  }

  /** Issues a token as the login endpoint would, for tests that need one without a round trip. */
  tokenFor(companyId: number): string {
    const company = this.companies.find((entry) => entry.id === companyId);
    if (!company) throw new Error(`no company ${companyId}`);
    return this.tokens.issue({ id: 2, email: company.logins[0].email, company_id: company.id });
  }

  private async serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://simulator');
    const path = url.pathname.startsWith(API_PREFIX) ? url.pathname.slice(API_PREFIX.length) || '/' : '';
    const method = req.method ?? 'GET';
    if (this.adminRoutes && url.pathname === '/__simulator/stats') {
      return send(res, 200, JSON.stringify({ requests: this.requestCount }));
    }
    const rawBody = await readBody(req);
    if (this.latencyMs > 0) await sleep(this.latencyMs);

    const company = this.companyOf(req.headers.authorization);
    const entry: LoggedRequest = { method, path, query: Object.fromEntries(url.searchParams), companyId: company?.id ?? null, status: 0 };
    this.requestCount += 1;
    if (this.requestLog.length < this.logLimit) this.requestLog.push(entry);

    const fault = this.takeFault(method, path);
    if (fault) {
      if (fault.delayMs) await sleep(fault.delayMs);
      entry.status = fault.status ?? 500;
      return send(res, entry.status, fault.body ?? JSON.stringify({ message: 'Injected failure' }), fault.body !== undefined);
    }

    const answer = this.answer(method, path, rawBody, url.searchParams, company);
    entry.status = answer.status;
    send(res, answer.status, JSON.stringify(answer.body));
  }

  private answer(method: string, path: string, rawBody: string, query: URLSearchParams, company: SimCompany | null): SimResponse {
    const found = path ? this.routes.find(method, path) : undefined;
    if (!found) return fail(404, 'Not found');
    if (!company && !found.route.public) return fail(401, 'Unauthorized');
    let body: Record<string, unknown> = {};
    if (rawBody) {
      try {
        body = JSON.parse(rawBody) as Record<string, unknown>;
      } catch {
        return fail(400, 'Malformed JSON body');
      }
    }
    return found.route.handle({ method, path, query, body, company, params: found.params });
  }

  private companyOf(authorization: string | undefined): SimCompany | null {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    const claims = token ? this.tokens.verify(token) : null;
    return claims ? (this.companies.find((company) => company.id === claims.company_id) ?? null) : null;
  }

  private takeFault(method: string, path: string): Fault | undefined {
    const index = this.faults.findIndex(
      (fault) =>
        (!fault.method || fault.method === method) &&
        (typeof fault.path === 'string' ? fault.path === path : fault.path.test(path)),
    );
    if (index < 0) return undefined;
    const fault = this.faults[index];
    if (fault.times !== undefined && --fault.times <= 0) this.faults.splice(index, 1);
    return fault;
  }
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: http.ServerResponse, status: number, body: string, raw = false): void {
  res.writeHead(status, { 'content-type': raw ? 'text/plain' : 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
