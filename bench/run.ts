/**
 * `npm run bench`: the simulator with injected latency, three gateways (shared cache off, on, and
 * deduplication and caching off) and the floor client, all on 127.0.0.1 free ports; each scenario at
 * each concurrency against each of them; results to bench/results/<date>.{json,md,svg}.
 * Flags: --latency MS (20), --duration S (3), --warmup S (1), --concurrency 1,16,64, --scenarios 1,...,7,
 * --repeats N (3: each measurement N times, the median reported with the spread);
 * --report FILE rewrites the Markdown and SVG of an earlier results JSON.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { measure, medianOf, probe, type Measurement } from './measure';
import { NO_CACHE, signIn, startFloor, startGateway, startSimulator, type Child } from './processes';
import { latencyChart, markdownTable, noise, verdicts, type BenchResults, type ScenarioResult } from './report';
import { pickCampaigns, SCENARIOS, type Scenario, type Urls, type Variant } from './scenarios';

const { values } = parseArgs({
  options: {
    latency: { type: 'string', default: '20' },
    duration: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '1' },
    concurrency: { type: 'string', default: '1,16,64' },
    scenarios: { type: 'string', default: '1,2,3,4,5,6,7' },
    repeats: { type: 'string', default: '3' },
    /** Concurrency levels the unbatched baseline is measured at (default: every level); its verdict reads the highest. */
    'unbatched-at': { type: 'string' },
    /** Rewrites the Markdown and SVG of an earlier results file instead of measuring. */
    report: { type: 'string' },
  },
});
const settings = {
  latencyMs: Number(values.latency),
  durationSeconds: Number(values.duration),
  warmupSeconds: Number(values.warmup),
  concurrency: values.concurrency!.split(',').map(Number),
  repeats: Number(values.repeats),
  unbatchedAt: values['unbatched-at']?.split(',').map(Number),
  node: process.version,
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model ?? 'unknown',
};
const wanted = new Set(values.scenarios!.split(',').map(Number));

async function main(): Promise<void> {
  const children: Child[] = [];
  const started = Date.now();
  try {
    const simulator = await startSimulator(settings.latencyMs);
    children.push(simulator);
    const [nocache, cache, unbatched, floor] = await Promise.all([
      startGateway('gateway (cache off)', simulator.url, NO_CACHE),
      startGateway('gateway (cache on)', simulator.url, {}),
      startGateway('gateway (unbatched)', simulator.url, { ...NO_CACHE, GATEWAY_DEDUPE: 'false' }),
      startFloor(simulator.url),
    ]);
    children.push(nocache, cache, unbatched, floor);
    // Each gateway signs in to the simulator on its first query; do that before anything is counted.
    await Promise.all([nocache, cache, unbatched].map((gateway) => signIn(gateway.url)));
    const base = { simulator: simulator.url, floor: floor.url, unbatched: unbatched.url, ...(await pickCampaigns(simulator.url)) };
    /** Whose CPU an operation costs: the gateway's, or for the floor its client's (none when it hits the simulator). */
    const serving = (variant: Variant, gateway: Child): (() => number) =>
      variant === 'gateway' ? () => gateway.cpuMs() : variant === 'unbatched' ? () => unbatched.cpuMs() : () => floor.cpuMs();

    const results: ScenarioResult[] = [];
    for (const scenario of SCENARIOS.filter((entry) => wanted.has(entry.id))) {
      const gateway = scenario.gateway === 'cache' ? cache : nocache;
      const urls: Urls = { ...base, gateway: gateway.url };
      const reused = scenario.reuses ? results.find((result) => result.id === scenario.reuses) : undefined;
      log(`scenario ${scenario.id}: ${scenario.title}`);
      results.push({
        id: scenario.id,
        title: scenario.title,
        upstreamPerOp: {
          gateway: await exactCost(scenario, 'gateway', urls),
          floor: reused?.upstreamPerOp.floor ?? (await exactCost(scenario, 'floor', urls)),
          unbatched:
            scenario.unbatched === false ? NaN : (reused?.upstreamPerOp.unbatched ?? (await exactCost(scenario, 'unbatched', urls))),
        },
        runs: {
          gateway: await runs(scenario, 'gateway', urls, serving('gateway', gateway)),
          floor: reused?.runs.floor ?? (await runs(scenario, 'floor', urls, serving('floor', gateway))),
          unbatched:
            scenario.unbatched === false
              ? []
              : (reused?.runs.unbatched ?? (await runs(scenario, 'unbatched', urls, serving('unbatched', gateway)))),
        },
        gatewayPeakRssMb: gateway.peakRssMb(),
        probeAllowance: scenario.probeAllowance ?? 0,
      });
    }
    write({ date: new Date().toISOString(), settings, scenarios: results });
    log(`done in ${Math.round((Date.now() - started) / 1000)} s`);
  } finally {
    await Promise.all(children.map((child) => child.stop()));
  }
}

/** One operation alone, twice for a cached scenario (the first warms the cache). */
async function exactCost(scenario: Scenario, variant: Variant, urls: Urls): Promise<number> {
  const target = scenario.target(variant, urls);
  let result = await probe(target, urls.simulator);
  if (scenario.gateway === 'cache' && variant === 'gateway') result = await probe(target, urls.simulator);
  if (!result.ok) throw new Error(`scenario ${scenario.id} (${variant}) failed: ${result.detail}`);
  return result.upstream;
}

async function runs(scenario: Scenario, variant: Variant, urls: Urls, cpuMs: () => number): Promise<Measurement[]> {
  const measured: Measurement[] = [];
  const levels = variant === 'unbatched' && settings.unbatchedAt ? settings.unbatchedAt : settings.concurrency;
  for (const concurrency of levels.filter((level) => level <= (scenario.maxConcurrency ?? Infinity))) {
    const repeated: Measurement[] = [];
    for (let repeat = 0; repeat < settings.repeats; repeat += 1) {
      repeated.push(
        await measure(scenario.target(variant, urls), urls.simulator, concurrency, settings.durationSeconds, settings.warmupSeconds, cpuMs),
      );
    }
    const result = medianOf(repeated);
    log(
      `  ${variant.padEnd(9)} c=${String(concurrency).padEnd(3)} ${result.requestsPerSecond} req/s  p50 ${result.p50} ms  p99 ${result.p99} ms  ` +
        `upstream/op ${result.upstreamPerOp}  cpu/op ${result.cpuMsPerOp} ms  (req/s ${result.spread?.requestsPerSecond.join('-')})${result.failed ? `  FAILED ${result.failed}` : ''}`,
    );
    measured.push(result);
  }
  return measured;
}

/** A mid-size campaign on the list's first page for the report, another one for the writes. */
function write(results: BenchResults): void {
  const dir = path.resolve(__dirname, '..', '..', 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const stamp = results.date.slice(0, 19).replace(/:/g, '-');
  const table = markdownTable(results);
  const lines = verdicts(results);
  const markdown =
    `# Benchmark ${results.date}\n\nSimulator latency ${results.settings.latencyMs} ms per request; ${results.settings.durationSeconds} s per run after ` +
    `${results.settings.warmupSeconds} s warm-up, ${results.settings.repeats ?? 1} runs per measurement (medians, spread of req/s in brackets); ` +
    `Node ${results.settings.node}, ${results.settings.cpus} CPUs (${results.settings.cpuModel ?? 'model not recorded'}). Noise: ${noise(results)}.\n\n${table}\n\n` +
    `Gateway peak RSS per scenario (MB): ${results.scenarios.map((scenario) => `${scenario.id}: ${scenario.gatewayPeakRssMb}`).join(', ')}\n\n` +
    `${lines.map((line) => `- ${line}`).join('\n')}\n\n![p50 latency and throughput vs concurrency](${stamp}.svg)\n`;
  writeFileSync(path.join(dir, `${stamp}.json`), JSON.stringify(results, null, 2) + '\n');
  writeFileSync(path.join(dir, `${stamp}.md`), markdown);
  writeFileSync(path.join(dir, `${stamp}.svg`), latencyChart(results));
  process.stdout.write(`\n${table}\n\n${lines.join('\n')}\n\nwrote bench/results/${stamp}.{json,md,svg}\n`);
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

const start = values.report ? async () => write(JSON.parse(readFileSync(values.report!, 'utf8')) as BenchResults) : main;

start().catch((error: unknown) => {
  process.stderr.write(`benchmark failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
