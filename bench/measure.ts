/** One measured run: autocannon at a fixed concurrency, after a warm-up, with the upstream count. */
import autocannon from 'autocannon';
import fetch from 'node-fetch';
import type { Target } from './scenarios';

export interface Measurement {
  concurrency: number;
  requestsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  completed: number;
  failed: number;
  /** Upstream requests seen by the simulator per completed operation, under load. */
  upstreamPerOp: number;
  /** CPU time of the process serving the operation (gateway or floor client) per operation, ms. */
  cpuMsPerOp: number;
  /** With repeats: the lowest and highest of each value over the runs whose median this is. */
  spread?: { requestsPerSecond: [number, number]; p50: [number, number]; cpuMsPerOp: [number, number] };
}

/** The run with the median throughput of repeated runs, each value replaced by its median, with the spread. */
export function medianOf(runs: Measurement[]): Measurement {
  const median = (pick: (run: Measurement) => number) => {
    const sorted = runs.map(pick).sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return round(sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2);
  };
  const range = (pick: (run: Measurement) => number): [number, number] => [Math.min(...runs.map(pick)), Math.max(...runs.map(pick))];
  return {
    concurrency: runs[0].concurrency,
    requestsPerSecond: median((run) => run.requestsPerSecond),
    p50: median((run) => run.p50),
    p95: median((run) => run.p95),
    p99: median((run) => run.p99),
    completed: runs.reduce((sum, run) => sum + run.completed, 0),
    failed: runs.reduce((sum, run) => sum + run.failed, 0),
    upstreamPerOp: median((run) => run.upstreamPerOp),
    cpuMsPerOp: median((run) => run.cpuMsPerOp),
    spread: {
      requestsPerSecond: range((run) => run.requestsPerSecond),
      p50: range((run) => run.p50),
      cpuMsPerOp: range((run) => run.cpuMsPerOp),
    },
  };
}

let sequence = 0;

export async function upstreamCount(simulatorUrl: string): Promise<number> {
  const response = await fetch(simulatorUrl.replace(/\/api\/v1$/, '/__simulator/stats'));
  return ((await response.json()) as { requests: number }).requests;
}

/** Waits until the simulator has seen no request for a moment: the last run's stragglers are done. */
export async function settle(simulatorUrl: string): Promise<void> {
  let last = await upstreamCount(simulatorUrl);
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const now = await upstreamCount(simulatorUrl);
    if (now === last) return;
    last = now;
  }
}

/** One operation by itself: its exact upstream cost and whether it succeeded without errors. */
export async function probe(target: Target, simulatorUrl: string): Promise<{ upstream: number; ok: boolean; detail: string }> {
  await settle(simulatorUrl);
  const before = await upstreamCount(simulatorUrl);
  const response = await fetch(target.url, { method: target.method, headers: target.headers, body: target.body?.(sequence++) });
  const text = await response.text();
  const upstream = (await upstreamCount(simulatorUrl)) - before;
  const ok = response.ok && !text.includes('"errors"');
  return { upstream, ok, detail: ok ? '' : text.slice(0, 300) };
}

function run(target: Target, connections: number, seconds: number, latencies?: number[]): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: target.url,
        method: target.method,
        headers: target.headers,
        connections,
        duration: seconds,
        timeout: 30,
        requests: [{ setupRequest: (request) => (target.body ? { ...request, body: target.body(sequence++) } : request) }],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    if (latencies) instance.on('response', (_client, status, _bytes, responseTime) => status < 300 && latencies.push(responseTime));
  });
}

export async function measure(
  target: Target,
  simulatorUrl: string,
  concurrency: number,
  seconds: number,
  warmupSeconds: number,
  cpuMs: () => number,
): Promise<Measurement> {
  await settle(simulatorUrl);
  await run(target, concurrency, warmupSeconds);
  await settle(simulatorUrl);
  const latencies: number[] = [];
  const before = await upstreamCount(simulatorUrl);
  const cpuBefore = cpuMs();
  const result = await run(target, concurrency, seconds, latencies);
  const cpu = cpuMs() - cpuBefore;
  const upstream = (await upstreamCount(simulatorUrl)) - before;
  latencies.sort((a, b) => a - b);
  const at = (percent: number) => round(latencies[Math.min(latencies.length - 1, Math.floor((latencies.length * percent) / 100))] ?? NaN);
  const completed = latencies.length;
  return {
    concurrency,
    requestsPerSecond: round(completed / seconds),
    p50: at(50),
    p95: at(95),
    p99: at(99),
    completed,
    failed: result.errors + result.timeouts + result.non2xx,
    upstreamPerOp: completed ? round(upstream / completed) : NaN,
    cpuMsPerOp: completed ? round(cpu / completed) : NaN,
  };
}

const round = (value: number) => Math.round(value * 100) / 100;
