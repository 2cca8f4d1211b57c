/**
 * What tests and the benchmark make the simulated upstream do wrong, switchable at run time: scripted
 * faults (the next N calls to a path answer a status or body) and standing conditions, as a sick or
 * overloaded live API would behave: a share of GETs failing, every Nth call failing, a concurrency
 * limit answering 429 with Retry-After, latency with jitter, hanging (accepting and never answering),
 * and being down (connections closed at once). The gateway never uses any of this.
 */
import { SeededRandom } from './random';

export interface Fault {
  method?: string;
  /** Matches the path below `/api/v1` (a string must match exactly). */
  path: string | RegExp;
  status?: number;
  /** A raw body to send (default: a JSON `{ message }`). */
  body?: string;
  /** Extra response headers, e.g. `{ 'retry-after': '1' }`. */
  headers?: Record<string, string>;
  /** Cut the connection instead of answering (a network error for the client). */
  cut?: boolean;
  /** Do the work (a write is committed), then cut the connection: the answer is lost on the way back. */
  cutAfterWork?: boolean;
  delayMs?: number;
  /** How many requests it applies to; unlimited when absent. */
  times?: number;
}

export interface UpstreamConditions {
  /** Share of GETs (0 to 1) answered `failureStatus`; seeded, so a run repeats. */
  failureRate?: number;
  /** Default 500. */
  failureStatus?: number;
  /** Every Nth request (of any method, counted from when the condition is set) answers `everyNthStatus`. */
  everyNth?: number;
  /** Default 503. */
  everyNthStatus?: number;
  /** More requests in flight than this answer 429 with `Retry-After: retryAfterSeconds`. */
  maxConcurrent?: number;
  /** Default 1. */
  retryAfterSeconds?: number;
  /** Added to every request, plus up to `latencyJitterMs` more. */
  latencyMs?: number;
  latencyJitterMs?: number;
  /** Accepts requests and never answers them (until switched off: then they are cut). */
  hang?: boolean;
  /** Closes every connection at once, as a stopped server's host would. */
  down?: boolean;
}

/** The answer a condition or scripted fault imposes on a request, if any. */
export interface ImposedAnswer {
  /** Cut the connection: no answer at all. */
  cut?: boolean;
  /** Answer as documented, but cut the connection instead of sending it. */
  cutAfterWork?: boolean;
  status: number;
  body?: string;
  headers?: Record<string, string>;
  delayMs?: number;
}

export class FaultInjector {
  private scripted: Fault[] = [];
  private current: UpstreamConditions = {};
  private counted = 0;
  private random = new SeededRandom(7);

  get conditions(): UpstreamConditions {
    return this.current;
  }

  /** Replaces the standing conditions (an empty object: a healthy upstream). */
  setConditions(conditions: UpstreamConditions): void {
    this.current = { ...conditions };
    this.counted = 0;
    this.random = new SeededRandom(7);
  }

  inject(fault: Fault): void {
    this.scripted.push({ ...fault });
  }

  clear(): void {
    this.scripted = [];
    this.setConditions({});
  }

  /** Extra latency for this request, jitter included. */
  latencyMs(baseMs: number): number {
    const { latencyMs = 0, latencyJitterMs = 0 } = this.current;
    return baseMs + latencyMs + (latencyJitterMs > 0 ? this.random.int(0, latencyJitterMs) : 0);
  }

  /** What this request must answer instead of the documented one; undefined when it goes through. */
  impose(method: string, path: string, inFlight: number): ImposedAnswer | undefined {
    const { maxConcurrent, everyNth, failureRate } = this.current;
    this.counted += 1;
    if (maxConcurrent !== undefined && inFlight > maxConcurrent) {
      const seconds = this.current.retryAfterSeconds ?? 1;
      return { status: 429, body: JSON.stringify({ message: 'Too Many Attempts.' }), headers: { 'retry-after': String(seconds) } };
    }
    if (everyNth && this.counted % everyNth === 0) return failure(this.current.everyNthStatus ?? 503);
    if (failureRate && method === 'GET' && this.random.next() < failureRate) return failure(this.current.failureStatus ?? 500);
    const fault = this.takeScripted(method, path);
    if (!fault) return undefined;
    const contentType: Record<string, string> = fault.body === undefined ? {} : { 'content-type': 'text/plain' };
    return {
      status: fault.status ?? 500,
      body: fault.body,
      delayMs: fault.delayMs,
      cut: fault.cut,
      cutAfterWork: fault.cutAfterWork,
      headers: { ...contentType, ...fault.headers },
    };
  }

  private takeScripted(method: string, path: string): Fault | undefined {
    const index = this.scripted.findIndex(
      (fault) =>
        (!fault.method || fault.method === method) && (typeof fault.path === 'string' ? fault.path === path : fault.path.test(path)),
    );
    if (index < 0) return undefined;
    const fault = this.scripted[index];
    if (fault.times !== undefined && --fault.times <= 0) this.scripted.splice(index, 1);
    return fault;
  }
}

function failure(status: number): ImposedAnswer {
  return { status, body: JSON.stringify({ message: 'Injected failure' }) };
}
