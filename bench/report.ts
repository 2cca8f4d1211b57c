/** Results -> a Markdown table, the targets' verdicts, and an SVG chart of p50 latency vs concurrency. */
import type { Measurement } from './measure';
import type { Variant } from './scenarios';

export interface ScenarioResult {
  id: number;
  title: string;
  /** Exact upstream requests of one operation, measured alone. */
  upstreamPerOp: Record<Variant, number>;
  runs: Record<Variant, Measurement[]>;
  gatewayPeakRssMb: number;
}

export interface BenchResults {
  date: string;
  settings: { latencyMs: number; durationSeconds: number; warmupSeconds: number; concurrency: number[]; node: string; cpus: number };
  scenarios: ScenarioResult[];
}

const ratio = (a: number, b: number) => (b ? (a / b).toFixed(2) : 'n/a');
const at = (runs: Measurement[], concurrency: number) => runs.find((run) => run.concurrency === concurrency)!;
const measuredAt = (results: BenchResults, concurrency: number) => results.settings.concurrency.includes(concurrency);

export function markdownTable(results: BenchResults): string {
  const header =
    '| scenario | c | gateway req/s | p50 / p95 / p99 ms | upstream/op (floor, unbatched) | gateway CPU ms/op | floor req/s, p50 | unbatched req/s, p50 | req/s vs floor | p50 vs floor | req/s vs unbatched |\n' +
    '| --- | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: |';
  const rows = results.scenarios.flatMap((scenario) =>
    results.settings.concurrency.map((concurrency) => {
      const gateway = at(scenario.runs.gateway, concurrency);
      const floor = at(scenario.runs.floor, concurrency);
      const unbatched = at(scenario.runs.unbatched, concurrency);
      const counts = scenario.upstreamPerOp;
      return [
        `${scenario.id}. ${scenario.title}`,
        concurrency,
        gateway.requestsPerSecond,
        `${gateway.p50} / ${gateway.p95} / ${gateway.p99}`,
        `${counts.gateway} (${counts.floor}, ${counts.unbatched})`,
        gateway.cpuMsPerOp,
        `${floor.requestsPerSecond}, ${floor.p50}`,
        `${unbatched.requestsPerSecond}, ${unbatched.p50}`,
        ratio(gateway.requestsPerSecond, floor.requestsPerSecond),
        ratio(gateway.p50, floor.p50),
        ratio(gateway.requestsPerSecond, unbatched.requestsPerSecond),
      ].join(' | ');
    }),
  );
  return [header, ...rows.map((row) => `| ${row} |`)].join('\n');
}

export function verdicts(results: BenchResults): string[] {
  const byId = (id: number) => results.scenarios.find((scenario) => scenario.id === id);
  const lines: string[] = [];
  for (const scenario of results.scenarios) {
    const { gateway, floor, unbatched } = scenario.upstreamPerOp;
    // Warm, the cached scenario needs nothing from the upstream: its floor is zero.
    const target = scenario.id === 2 ? 0 : floor;
    lines.push(`${gateway <= target ? 'MET' : 'MISSED'}: scenario ${scenario.id} upstream requests per operation ${gateway}, distinct resources ${target} (floor script ${floor}, unbatched ${unbatched})`);
  }
  for (const id of [1, 3, 4]) {
    const scenario = byId(id);
    if (!scenario || !measuredAt(results, 1)) continue;
    const gateway = at(scenario.runs.gateway, 1).p50;
    const floor = at(scenario.runs.floor, 1).p50;
    const limit = floor * 1.1 + 3;
    lines.push(`${gateway <= limit ? 'MET' : 'MISSED'}: scenario ${id} p50 at concurrency 1 is ${gateway} ms; floor ${floor} ms, limit ${limit.toFixed(1)} ms`);
  }
  const top = Math.max(...results.settings.concurrency);
  const one = byId(1);
  const two = byId(2);
  if (one) {
    const share = at(one.runs.gateway, top).requestsPerSecond / at(one.runs.floor, top).requestsPerSecond;
    lines.push(`${share >= 0.6 ? 'MET' : 'MISSED'}: scenario 1 throughput at concurrency ${top} is ${(share * 100).toFixed(0)}% of the floor's (target 60%)`);
  }
  if (one && two) {
    const times = at(two.runs.gateway, top).requestsPerSecond / at(one.runs.gateway, top).requestsPerSecond;
    lines.push(`${times >= 3 ? 'MET' : 'MISSED'}: scenario 2 (cache warm) throughput at concurrency ${top} is ${times.toFixed(2)}x scenario 1 (target 3x)`);
  }
  const peak = Math.max(...results.scenarios.map((scenario) => scenario.gatewayPeakRssMb));
  lines.push(`${peak < 250 ? 'MET' : 'MISSED'}: gateway peak RSS ${peak} MB (target < 250 MB)`);
  return lines;
}

const COLORS: Record<Variant, string> = { gateway: '#1f77b4', floor: '#2ca02c', unbatched: '#d62728' };

/** Small multiples: one panel per scenario, p50 latency (ms) against concurrency, a line per variant. */
export function latencyChart(results: BenchResults): string {
  const panel = { width: 300, height: 200, pad: 40 };
  const levels = results.settings.concurrency;
  const panels = results.scenarios.map((scenario, index) => {
    const x0 = index * (panel.width + 20);
    const all = (Object.keys(COLORS) as Variant[]).flatMap((variant) => scenario.runs[variant].map((run) => run.p50)).filter(Number.isFinite);
    const max = Math.max(1, ...all) * 1.1;
    const px = (i: number) => x0 + panel.pad + (i * (panel.width - 2 * panel.pad)) / Math.max(1, levels.length - 1);
    const py = (ms: number) => panel.height - panel.pad + 10 - (ms / max) * (panel.height - 2 * panel.pad);
    const lines = (Object.keys(COLORS) as Variant[]).map((variant) => {
      const points = levels.map((level, i) => `${px(i).toFixed(1)},${py(at(scenario.runs[variant], level).p50).toFixed(1)}`).join(' ');
      return `<polyline fill="none" stroke="${COLORS[variant]}" stroke-width="2" points="${points}"/>`;
    });
    const ticks = levels.map((level, i) => `<text x="${px(i)}" y="${panel.height - 12}" font-size="10" text-anchor="middle">c=${level}</text>`);
    return [
      `<text x="${x0 + panel.pad}" y="14" font-size="11">${scenario.id}. ${escape(scenario.title.slice(0, 40))}</text>`,
      `<text x="${x0 + 4}" y="${py(max / 1.1) + 4}" font-size="9">${Math.round(max / 1.1)} ms</text>`,
      `<line x1="${x0 + panel.pad}" y1="${py(0)}" x2="${x0 + panel.width - panel.pad}" y2="${py(0)}" stroke="#999"/>`,
      ...lines,
      ...ticks,
    ].join('\n');
  });
  const legend = (Object.entries(COLORS) as Array<[Variant, string]>).map(
    ([variant, color], i) => `<text x="${10 + i * 110}" y="${panel.height + 20}" font-size="11" fill="${color}">${variant}</text>`,
  );
  const width = results.scenarios.length * (panel.width + 20);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${panel.height + 30}" font-family="sans-serif">\n<rect width="100%" height="100%" fill="white"/>\n${panels.join('\n')}\n${legend.join('\n')}\n</svg>\n`;
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
