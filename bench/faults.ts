/**
 * `npm run bench:faults`: the gateway against a sick upstream. The simulator (20 ms per request) is
 * switched between conditions at run time (POST /__simulator/conditions); each scenario gets a fresh
 * gateway (so no breaker or cache state leaks between them) and a driver that sends real operations
 * and sorts every answer into complete (no error), partial (data with errors) or failed (no data),
 * counting upstream calls from the simulator. Results to bench/results/<date>-faults.{json,md}.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { print } from 'graphql';
import fetch from 'node-fetch';
import { RecoveryReportDocument, UsersPageDocument } from '../schema/generated/operations';
import { upstreamCount } from './measure';
import { NO_CACHE, startGateway, startSimulator, type Child } from './processes';

interface Outcome {
  ms: number;
  kind: 'complete' | 'partial' | 'failed';
  codes: string[];
  /** Errors without a field path: a failure not reported where it happened. */
  unplaced: number;
  upstream: { requests: number; retries: number; recovered: number; failed: number; stale: number };
}

interface FaultResult {
  scenario: string;
  operations: number;
  complete: number;
  partial: number;
  failed: number;
  upstreamPerOp: number;
  retries: number;
  recovered: number;
  failedReads: number;
  codes: Record<string, number>;
  p50: number;
  p99: number;
  extra?: Record<string, number>;
}

const REPORT = print(RecoveryReportDocument);
const USERS = print(UsersPageDocument);
/** The documents' example campaign: 57 employees, so a report of it costs about 80 upstream calls. */
const BIG_CAMPAIGN = '17449821332893';

async function main(): Promise<void> {
  const simulator = await startSimulator(20);
  const stats = simulator.url.replace(/\/api\/v1$/, '/__simulator');
  const setConditions = (conditions: object) =>
    fetch(`${stats}/conditions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(conditions) });
  const report = { query: REPORT, operationName: 'RecoveryReport', variables: { campaignNumber: BIG_CAMPAIGN } };
  const results: FaultResult[] = [];
  const started = Date.now();

  /** A fresh gateway, signed in while the upstream is healthy, then the condition, then the operations. */
  async function scenario(
    name: string,
    env: Record<string, string>,
    conditions: object,
    total: number,
    concurrency: number,
    body = report,
  ) {
    log(`${name}`);
    await setConditions({});
    const gateway = await startGateway(name, simulator.url, { ...NO_CACHE, ...env });
    try {
      await send(gateway.url, { query: USERS, operationName: 'UsersPage', variables: { page: 1 } });
      await setConditions(conditions);
      const before = await upstreamCount(simulator.url);
      const outcomes = await drive(gateway.url, body, total, concurrency);
      const result = summarize(name, outcomes, (await upstreamCount(simulator.url)) - before);
      results.push(result);
      log(`  ${JSON.stringify(result)}`);
      return result;
    } finally {
      await setConditions({});
      await gateway.stop();
    }
  }

  try {
    const baseline = await scenario('fault-free recovery report (baseline)', {}, {}, 20, 4);
    await scenario('10% of GETs answer 500', {}, { failureRate: 0.1, failureStatus: 500 }, 100, 4);
    await scenario('every 3rd request answers 503', {}, { everyNth: 3, everyNthStatus: 503 }, 30, 4);
    await scenario(
      'upstream limited to 4 concurrent (429 + Retry-After: 1), one client',
      {},
      { maxConcurrent: 4, retryAfterSeconds: 1 },
      5,
      1,
    );
    await scenario(
      '16 concurrent reports, 300 ms latency, UPSTREAM_TIMEOUT_MS=500',
      { UPSTREAM_TIMEOUT_MS: '500' },
      { latencyMs: 280 },
      16,
      16,
    );
    results.push(await hungUpstream(simulator, setConditions));
    write(results, baseline.upstreamPerOp);
    log(`done in ${Math.round((Date.now() - started) / 1000)} s`);
  } finally {
    await simulator.stop();
  }
}

/**
 * The upstream hangs (accepts, never answers). Once the breaker is open, every answer is immediate:
 * stale for the page cached before, UPSTREAM_UNAVAILABLE for the others. Then the upstream returns,
 * and the time to the first good (fresh) answer is measured.
 */
async function hungUpstream(simulator: Child, setConditions: (conditions: object) => Promise<unknown>): Promise<FaultResult> {
  const name = 'upstream hung, then back';
  log(name);
  const env = { UPSTREAM_TIMEOUT_MS: '1000', CACHE_TTL_USERS: '1' };
  const gateway = await startGateway(name, simulator.url, env);
  const page = (n: number) => ({ query: USERS, operationName: 'UsersPage', variables: { page: n } });
  try {
    await send(gateway.url, page(1)); // cached, stale a second later
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await setConditions({ hang: true });
    // The first calls wait for their timeouts until the breaker opens.
    await drive(gateway.url, page(2), 2, 1);
    const before = await upstreamCount(simulator.url);
    const open = [...(await drive(gateway.url, page(1), 25, 1)), ...(await drive(gateway.url, page(3), 25, 1))];
    const result = summarize(name, open, (await upstreamCount(simulator.url)) - before);
    await setConditions({});
    const healed = Date.now();
    let good = false;
    while (!good && Date.now() - healed < 10_000) {
      const outcome = await send(gateway.url, page(4));
      good = outcome.kind === 'complete' && outcome.upstream.stale === 0;
      if (!good) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    result.extra = { msToFirstGoodAnswer: Date.now() - healed, staleAnswers: open.filter((outcome) => outcome.upstream.stale > 0).length };
    log(`  ${JSON.stringify(result)}`);
    return result;
  } finally {
    await setConditions({});
    await gateway.stop();
  }
}

/** `total` operations, `concurrency` at a time. */
async function drive(url: string, body: object, total: number, concurrency: number): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        next += 1;
        outcomes.push(await send(url, body));
      }
    }),
  );
  return outcomes;
}

async function send(url: string, body: object): Promise<Outcome> {
  const started = performance.now();
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const answer = (await response.json()) as {
    data?: unknown;
    errors?: Array<{ path?: unknown[]; extensions?: { code?: string } }>;
    extensions?: { upstream?: Outcome['upstream'] };
  };
  const errors = answer.errors ?? [];
  return {
    ms: performance.now() - started,
    kind: !errors.length ? 'complete' : answer.data ? 'partial' : 'failed',
    codes: errors.map((error) => error.extensions?.code ?? 'NONE'),
    unplaced: errors.filter((error) => !error.path?.length).length,
    upstream: { requests: 0, retries: 0, recovered: 0, failed: 0, stale: 0, ...answer.extensions?.upstream },
  };
}

function summarize(scenario: string, outcomes: Outcome[], upstreamCalls: number): FaultResult {
  const sorted = outcomes.map((outcome) => outcome.ms).sort((a, b) => a - b);
  const at = (share: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))]);
  const sum = (pick: (outcome: Outcome) => number) => outcomes.reduce((total, outcome) => total + pick(outcome), 0);
  const codes: Record<string, number> = {};
  for (const code of outcomes.flatMap((outcome) => outcome.codes)) codes[code] = (codes[code] ?? 0) + 1;
  if (sum((outcome) => outcome.unplaced)) codes.UNPLACED = sum((outcome) => outcome.unplaced);
  return {
    scenario,
    operations: outcomes.length,
    complete: outcomes.filter((outcome) => outcome.kind === 'complete').length,
    partial: outcomes.filter((outcome) => outcome.kind === 'partial').length,
    failed: outcomes.filter((outcome) => outcome.kind === 'failed').length,
    upstreamPerOp: Math.round((upstreamCalls / outcomes.length) * 10) / 10,
    retries: sum((outcome) => outcome.upstream.retries),
    recovered: sum((outcome) => outcome.upstream.recovered),
    failedReads: sum((outcome) => outcome.upstream.failed),
    codes,
    p50: at(0.5),
    p99: at(0.99),
  };
}

function verdicts(results: FaultResult[], baselinePerOp: number): string[] {
  const [, tenPercent, everyThird, limited, slow, hung] = results;
  const ratio = (result: FaultResult) => Math.round((result.upstreamPerOp / baselinePerOp) * 100) / 100;
  const verdict = (met: boolean, text: string) => `${met ? 'MET' : 'MISSED'}: ${text}`;
  const recoveredShare = everyThird.recovered / Math.max(1, everyThird.recovered + everyThird.failedReads);
  return [
    verdict(
      tenPercent.complete / tenPercent.operations >= 0.99,
      `10% 500s: ${tenPercent.complete} of ${tenPercent.operations} reports complete (target 99%)`,
    ),
    verdict(ratio(tenPercent) <= 1.15, `10% 500s: upstream calls ${ratio(tenPercent)}x the fault-free run (target at most 1.15x)`),
    verdict(ratio(everyThird) <= 1.35, `every 3rd 503: upstream calls ${ratio(everyThird)}x the fault-free run (target at most 1.35x)`),
    verdict(
      recoveredShare >= 0.25,
      `every 3rd 503: ${everyThird.recovered} of ${everyThird.recovered + everyThird.failedReads} failed reads recovered by a retry (${Math.round(recoveredShare * 100)}%, target 25%)`,
    ),
    verdict(!everyThird.codes.UNPLACED, 'every 3rd 503: every failure reported at its field'),
    verdict(
      limited.complete === limited.operations && !Object.keys(limited.codes).length,
      `429 above 4 concurrent: ${limited.complete} of ${limited.operations} reports complete, ${Object.keys(limited.codes).length ? JSON.stringify(limited.codes) : 'no errors'} (target 100%, 0 errors)`,
    ),
    verdict(!slow.codes.UPSTREAM_TIMEOUT, `16 reports at 300 ms, timeout 500 ms: ${slow.codes.UPSTREAM_TIMEOUT ?? 0} timeouts (target 0)`),
    verdict(
      hung.p99 < 50,
      `upstream hung, breaker open: p99 ${hung.p99} ms (target under 50 ms); ${hung.extra?.staleAnswers} stale answers, the rest ${Object.keys(hung.codes).join(', ')}`,
    ),
    verdict(
      (hung.extra?.msToFirstGoodAnswer ?? Infinity) <= 1_000,
      `upstream back: first good answer after ${hung.extra?.msToFirstGoodAnswer} ms (target within 1 s)`,
    ),
  ];
}

function write(results: FaultResult[], baselinePerOp: number): void {
  const dir = path.resolve(__dirname, '..', '..', 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().slice(0, 19).replace(/:/g, '-');
  const header =
    '| scenario | ops | complete / partial / failed | upstream/op | retries | reads recovered / failed | p50 / p99 ms | error codes |';
  const rows = results.map(
    (result) =>
      `| ${result.scenario} | ${result.operations} | ${result.complete} / ${result.partial} / ${result.failed} | ${result.upstreamPerOp} | ` +
      `${result.retries} | ${result.recovered} / ${result.failedReads} | ${result.p50} / ${result.p99} | ${JSON.stringify(result.codes)} |`,
  );
  const table = [header, '| --- | --: | --: | --: | --: | --: | --: | --- |', ...rows].join('\n');
  const lines = verdicts(results, baselinePerOp);
  const markdown = `# Fault benchmark ${new Date().toISOString()}\n\nSimulator latency 20 ms; default gateway settings unless the scenario names one.\n\n${table}\n\n${lines.map((line) => `- ${line}`).join('\n')}\n`;
  writeFileSync(path.join(dir, `${stamp}-faults.json`), JSON.stringify(results, null, 2) + '\n');
  writeFileSync(path.join(dir, `${stamp}-faults.md`), markdown);
  process.stdout.write(`\n${table}\n\n${lines.join('\n')}\n\nwrote bench/results/${stamp}-faults.{json,md}\n`);
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`fault benchmark failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
