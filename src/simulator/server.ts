/**
 * The built-in Unduit API: the documented endpoints under `/api/v1`, bearer auth, per-company data,
 * plus what tests and benchmarks need (a request log, injected latency and faults). The gateway
 * never uses those extras: it talks to the simulator as to the live API.
 */
import http from 'node:http';
import { RecoveryProgress } from './apps/recover/progress';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';
import { allRoutes } from './apps';
import { FaultInjector, type Fault, type UpstreamConditions } from './faults';
import { seedCompanies } from './companies';
import type { SimCompany, SimEmployee } from './model';
import { fail, RouteTable, type SimResponse } from './routes';
import { TokenIssuer, type SimClock } from './tokens';

export const API_PREFIX = '/api/v1';

export type { Fault, UpstreamConditions };

export interface LoggedRequest {
  method: string;
  /** Path below `/api/v1`, without the query. */
  path: string;
  query: Record<string, string>;
  companyId: number | null;
  /** The answer's status; 0 while unanswered, or when the connection was cut. */
  status: number;
  /** When it arrived (ms since the epoch, real time). */
  at: number;
  /** The W3C trace context the caller sent, as an API's access log would keep it; null when none. */
  traceparent: string | null;
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
  /** Every company this many times larger (x5, x20: how cost grows with a tenant); default 1, the demo data. */
  scale?: number;
  /** Every this many ms one recovery advances a stage (apps/recover/progress.ts); absent or 0: recoveries stay still. */
  recoveryPaceMs?: number;
}

export class UnduitSimulator {
  readonly requestLog: LoggedRequest[] = [];
  /** Requests under /api/v1 since start (or `clearLog`), whatever `logLimit` keeps. */
  requestCount = 0;
  /** Most requests in flight at once since start (or `clearLog`). */
  peakInFlight = 0;
  /** Connections closed at once while `down`. */
  refusedConnections = 0;
  /** How long each answer took from arrival (ms), since start or `clearLog`; the last 100,000. */
  private answerTimes: number[] = [];
  readonly companies: SimCompany[];
  latencyMs: number;
  private readonly logLimit: number;
  private readonly adminRoutes: boolean;
  private readonly progress: RecoveryProgress;
  private pace?: NodeJS.Timeout;
  private readonly tokens: TokenIssuer;
  private readonly routes: RouteTable;
  private readonly faults = new FaultInjector();
  private readonly server = http.createServer((req, res) => void this.serve(req, res));
  private inFlight = 0;
  /** Requests held while hanging, cut when the condition ends. */
  private readonly hung = new Set<Socket>();
  private baseUrl = '';

  constructor(options: SimulatorOptions = {}) {
    this.companies = seedCompanies(options.scale ?? 1);
    this.latencyMs = options.latencyMs ?? 0;
    this.logLimit = options.logLimit ?? Infinity;
    this.adminRoutes = options.adminRoutes ?? false;
    this.tokens = new TokenIssuer(options.tokenTtlSeconds ?? 4 * 3600, options.clock);
    this.progress = new RecoveryProgress(this.companies);
    if (options.recoveryPaceMs) {
      this.pace = setInterval(() => this.advanceRecovery(), options.recoveryPaceMs);
      this.pace.unref();
    }
    this.routes = new RouteTable(allRoutes(this.companies, this.tokens));
    this.server.keepAliveTimeout = 30_000;
    this.server.on('connection', (socket: Socket) => {
      if (!this.faults.conditions.down) return;
      this.refusedConnections += 1;
      socket.destroy();
    });
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

  /** Moves one recovery a stage, as time does upstream (also for tests that need a change now). */
  advanceRecovery(): SimEmployee | null {
    return this.progress.step(new Date());
  }

  async stop(): Promise<void> {
    clearInterval(this.pace);
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  injectFault(fault: Fault): void {
    this.faults.inject(fault);
  }

  /** Standing conditions (failure rate, every Nth, concurrency limit, latency, hang, down); `{}` heals. */
  setConditions(conditions: UpstreamConditions): void {
    this.faults.setConditions(conditions);
    if (!conditions.hang) this.releaseHung();
  }

  /** Scripted faults and standing conditions both end. */
  clearFaults(): void {
    this.faults.clear();
    this.releaseHung();
  }

  clearLog(): void {
    this.requestLog.length = 0;
    this.requestCount = 0;
    this.peakInFlight = this.inFlight;
    this.refusedConnections = 0;
    this.answerTimes = [];
  }

  /** Issues a token as the login endpoint would, for tests that need one without a round trip. */
  tokenFor(companyId: number): string {
    const company = this.companies.find((entry) => entry.id === companyId);
    if (!company) throw new Error(`no company ${companyId}`);
    return this.tokens.issue({ id: 2, email: company.logins[0].email, company_id: company.id });
  }

  private async serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://simulator');
    if (this.adminRoutes && url.pathname.startsWith('/__simulator/')) return this.admin(req, res, url.pathname);
    const path = url.pathname.startsWith(API_PREFIX) ? url.pathname.slice(API_PREFIX.length) || '/' : '';
    const method = req.method ?? 'GET';
    this.inFlight += 1;
    this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
    const arrived = performance.now();
    res.once('close', () => {
      this.inFlight -= 1;
      if (this.answerTimes.length < 100_000) this.answerTimes.push(performance.now() - arrived);
    });

    const rawBody = await readBody(req);
    const company = this.companyOf(req.headers.authorization);
    const entry: LoggedRequest = {
      method,
      path,
      query: Object.fromEntries(url.searchParams),
      companyId: company?.id ?? null,
      status: 0,
      at: Date.now(),
      traceparent: headerOf(req.headers.traceparent),
    };
    this.requestCount += 1;
    if (this.requestLog.length < this.logLimit) this.requestLog.push(entry);
    if (this.faults.conditions.hang) {
      this.hung.add(req.socket);
      return;
    }
    const latency = this.faults.latencyMs(this.latencyMs);
    if (latency > 0) await sleep(latency);

    const imposed = this.faults.impose(method, path, this.inFlight);
    if (imposed?.cutAfterWork) {
      entry.status = this.answer(method, path, rawBody, url.searchParams, company).status;
      return void req.socket.destroy();
    }
    if (imposed) {
      if (imposed.delayMs) await sleep(imposed.delayMs);
      if (imposed.cut) return void req.socket.destroy();
      entry.status = imposed.status;
      return send(res, imposed.status, imposed.body ?? JSON.stringify({ message: 'Injected failure' }), imposed.headers);
    }

    const answer = this.answer(method, path, rawBody, url.searchParams, company);
    entry.status = answer.status;
    send(res, answer.status, JSON.stringify(answer.body));
  }

  /**
   * Benchmark routes (`adminRoutes`): GET stats (request count, peak in flight, with `?answers` its own
   * answer times), POST conditions (from another process), POST reset.
   */
  private async admin(req: http.IncomingMessage, res: http.ServerResponse, pathname: string): Promise<void> {
    if (pathname === '/__simulator/conditions' && req.method === 'POST') {
      this.setConditions(JSON.parse((await readBody(req)) || '{}') as UpstreamConditions);
      return send(res, 200, '{}');
    }
    if (pathname === '/__simulator/reset' && req.method === 'POST') {
      this.clearLog();
      return send(res, 200, '{}');
    }
    const stats = { requests: this.requestCount, peakInFlight: this.peakInFlight };
    // Sorting every answer time is not free: only on request (`?answers`), not on every poll.
    send(
      res,
      200,
      JSON.stringify(
        new URL(req.url ?? '/', 'http://simulator').searchParams.has('answers') ? { ...stats, answerMs: this.answerPercentiles() } : stats,
      ),
    );
  }

  /** How long the simulator itself took to answer, arrival to last byte. */
  private answerPercentiles(): { p50: number; p99: number; max: number } {
    const sorted = [...this.answerTimes].sort((a, b) => a - b);
    const at = (share: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? 0);
    return { p50: at(0.5), p99: at(0.99), max: at(1) };
  }

  private releaseHung(): void {
    for (const socket of this.hung) socket.destroy();
    this.hung.clear();
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
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: http.ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

/** Unref'd: a stopped simulator's pending latency never keeps a process alive. */
function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

function headerOf(value: string | string[] | undefined): string | null {
  return (Array.isArray(value) ? value[0] : value) ?? null;
}
