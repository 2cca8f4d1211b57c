/**
 * `npm run bench:redis`: what keeping shared state in Redis costs, against the in-memory store, in the
 * same run on the same simulator (20 ms per request). Needs Debian's `redis-server` on the PATH.
 * - Users page 1 with the shared cache warm: the two gateways measured in alternation (memory, Redis,
 *   memory, Redis) at each concurrency, so machine noise hits both alike; throughput, p50, CPU per op.
 * - Recovery report with the cache cold: one report at a time, each on a freshly started gateway (and
 *   an emptied Redis), so every upstream read misses and is stored; latency, upstream calls and the
 *   gateway's CPU for that one operation.
 * Results to bench/results/<date>-redis.{json,md}.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { print } from 'graphql';
import Redis from 'ioredis';
import fetch from 'node-fetch';
import { RecoveryReportDocument, UsersPageDocument } from '../schema/generated/operations';
import { measure, settle, upstreamCount, type Measurement } from './measure';
import { startRedisServer } from '../test/support/redis-server';
import { signIn, startGateway, startSimulator, type Child } from './processes';
import type { Target } from './scenarios';

const CONCURRENCY = [16, 64];
const ROUNDS = 2;
const COLD_REPORTS = 8;
const SECONDS = 3;
/** The documents' example campaign: 57 employees. */
const CAMPAIGN = '17449821332893';

type Store = 'memory' | 'redis';

async function main(): Promise<void> {
  const simulator = await startSimulator(20);
  // The same redis-server the tests start: a free port, no persistence.
  const redis = await startRedisServer();
  const flush = new Redis(redis.url);
  const envOf = (store: Store): Record<string, string> => (store === 'redis' ? { REDIS_URL: redis.url } : {});
  const children: Array<Pick<Child, 'stop'>> = [simulator, redis];
  try {
    const warm: Record<Store, Measurement[]> = { memory: [], redis: [] };
    const gateways = {
      memory: await startGateway('memory', simulator.url, envOf('memory')),
      redis: await startGateway('redis', simulator.url, envOf('redis')),
    };
    children.push(gateways.memory, gateways.redis);
    for (const concurrency of CONCURRENCY) {
      for (let round = 0; round < ROUNDS; round++) {
        for (const store of ['memory', 'redis'] as const) {
          const result = await measure(usersPage(gateways[store].url), simulator.url, concurrency, SECONDS, 1, () =>
            gateways[store].cpuMs(),
          );
          log(
            `users page warm  ${store.padEnd(6)} c=${concurrency}  ${result.requestsPerSecond} req/s  p50 ${result.p50} ms  cpu/op ${result.cpuMsPerOp} ms`,
          );
          warm[store].push(result);
        }
      }
    }
    await Promise.all([gateways.memory.stop(), gateways.redis.stop()]);
    children.splice(2);

    const cold: Record<Store, Array<{ ms: number; upstream: number; cpuMs: number }>> = { memory: [], redis: [] };
    for (let round = 0; round < COLD_REPORTS; round++) {
      for (const store of ['memory', 'redis'] as const) {
        await flush.flushdb();
        const gateway = await startGateway(store, simulator.url, envOf(store));
        try {
          await signIn(gateway.url);
          cold[store].push(await coldReport(gateway, simulator.url));
        } finally {
          await gateway.stop();
        }
      }
    }
    const last = cold.redis.at(-1)!;
    log(`recovery report cold: redis ${last.ms} ms, ${last.upstream} upstream calls`);
    write(warm, cold);
  } finally {
    flush.disconnect();
    await Promise.all(children.map((child) => child.stop()));
  }
}

function usersPage(url: string): Target {
  const body = JSON.stringify({ query: print(UsersPageDocument), operationName: 'UsersPage', variables: { page: 1 } });
  return { url, method: 'POST', headers: { 'content-type': 'application/json' }, body: () => body };
}

async function coldReport(gateway: Child, simulatorUrl: string): Promise<{ ms: number; upstream: number; cpuMs: number }> {
  await settle(simulatorUrl);
  const before = await upstreamCount(simulatorUrl);
  const cpuBefore = gateway.cpuMs();
  const started = performance.now();
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: print(RecoveryReportDocument),
      operationName: 'RecoveryReport',
      variables: { campaignNumber: CAMPAIGN },
    }),
  });
  const text = await response.text();
  const ms = performance.now() - started;
  if (!response.ok || text.includes('"errors"')) throw new Error(`report failed: ${text.slice(0, 300)}`);
  return { ms: round(ms), upstream: (await upstreamCount(simulatorUrl)) - before, cpuMs: gateway.cpuMs() - cpuBefore };
}

function write(warm: Record<Store, Measurement[]>, cold: Record<Store, Array<{ ms: number; upstream: number; cpuMs: number }>>): void {
  const date = new Date().toISOString();
  const rows = CONCURRENCY.map((concurrency) => {
    const of = (store: Store) => warm[store].filter((result) => result.concurrency === concurrency);
    const rps = (store: Store) => median(of(store).map((result) => result.requestsPerSecond));
    const p50 = (store: Store) => median(of(store).map((result) => result.p50));
    const cpu = (store: Store) => median(of(store).map((result) => result.cpuMsPerOp));
    const ratio = Math.round((rps('redis') / rps('memory')) * 100);
    return `| users page, cache warm | ${concurrency} | ${rps('memory')} / ${rps('redis')} | ${ratio}% | ${p50('memory')} / ${p50('redis')} | ${cpu('memory')} / ${cpu('redis')} |`;
  });
  const coldOf = (store: Store, key: 'ms' | 'upstream' | 'cpuMs') => median(cold[store].map((entry) => entry[key]));
  const markdown = [
    `# Redis as the shared store, ${date}`,
    '',
    `Node ${process.version}, ${os.cpus().length} CPUs; simulator 20 ms per request; ${SECONDS} s per run, ${ROUNDS} alternating runs per store and concurrency (medians).`,
    '',
    '| scenario | concurrency | req/s memory / Redis | Redis vs memory | p50 ms memory / Redis | gateway CPU ms/op memory / Redis |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
    `| recovery report (57 employees), cache cold | 1 | | | ${coldOf('memory', 'ms')} / ${coldOf('redis', 'ms')} | ${coldOf('memory', 'cpuMs')} / ${coldOf('redis', 'cpuMs')} |`,
    '',
    `Cold report: ${coldOf('memory', 'upstream')} / ${coldOf('redis', 'upstream')} upstream calls (memory / Redis), median of ${COLD_REPORTS} reports each on a fresh gateway.`,
    '',
  ].join('\n');
  const dir = path.resolve(__dirname, '..', '..', 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const stamp = `${date.slice(0, 19).replace(/:/g, '-')}-redis`;
  writeFileSync(path.join(dir, `${stamp}.json`), JSON.stringify({ date, warm, cold }, null, 2) + '\n');
  writeFileSync(path.join(dir, `${stamp}.md`), markdown);
  process.stdout.write(`\n${markdown}\nwrote bench/results/${stamp}.{json,md}\n`);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return round(sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2);
}

const round = (value: number) => Math.round(value * 100) / 100;

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`benchmark failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
