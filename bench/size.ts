/**
 * `npm run bench:size`: how the cost of whole-tenant work grows with the tenant. The simulator's demo
 * company at x1, x5 and x20 (users, assets and the largest campaign that many times larger); for each,
 * a fresh gateway (shared cache off, so every read is a real one) runs, one at a time:
 * - the one-campaign report: every employee of the largest campaign with their user, items, assets and
 *   holders, paged as the gateway's cost check says when it refuses the whole (`extensions.paging`);
 * - the all-campaigns report: the same for every campaign, paged the same way;
 * - the users export (`GET /export/users.csv`).
 * Each is measured alone: HTTP requests, upstream calls (the simulator's count), rows, wall time,
 * gateway CPU (from /proc) and the gateway's peak RSS. Results and a chart of each against size to
 * bench/results/<date>-size.{json,md,svg}. Flags: --latency MS (20), --scales 1,5,20.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import fetch from 'node-fetch';
import { upstreamCount } from './measure';
import { NO_CACHE, signIn, startGateway, startSimulator, type Child } from './processes';

const { values } = parseArgs({ options: { latency: { type: 'string', default: '20' }, scales: { type: 'string', default: '1,5,20' } } });
const LATENCY_MS = Number(values.latency);
const SCALES = values.scales!.split(',').map(Number);

const CAMPAIGN_REPORT = `query CampaignReport($campaign: ID!, $limit: Int!, $page: Int!) {
  campaign(campaignNumber: $campaign) {
    employees(limit: $limit, page: $page) {
      items { email status user { email locationType } items { name asset { assetId modelName status assignedUser { email firstName lastName } } } }
      pageInfo { totalCount }
    }
  }
}`;

interface Work {
  requests: number;
  rows: number;
}

interface SizeResult {
  report: string;
  scale: number;
  requests: number;
  upstreamCalls: number;
  rows: number;
  wallMs: number;
  cpuMs: number;
  peakRssMb: number;
}

const REPORTS: Array<{ name: string; run: (gateway: string) => Promise<Work> }> = [
  { name: 'one-campaign report', run: async (gateway) => campaignReport(gateway, (await campaignSizes(gateway))[0].number) },
  {
    name: 'all-campaigns report',
    run: async (gateway) => {
      const campaigns = await campaignSizes(gateway);
      const work: Work = { requests: 1, rows: 0 };
      for (const campaign of campaigns) add(work, await campaignReport(gateway, campaign.number));
      return work;
    },
  },
  {
    name: 'users export',
    run: async (gateway) => {
      const response = await fetch(gateway.replace(/\/graphql$/, '/export/users.csv'));
      const text = await response.text();
      if (!response.ok || text.includes('#TRUNCATED')) throw new Error(`users export: ${response.status} ${text.slice(0, 200)}`);
      return { requests: 1, rows: text.trimEnd().split('\n').length - 1 };
    },
  },
];

async function graphql<T>(
  gateway: string,
  query: string,
  variables: object = {},
): Promise<{ data?: T; errors?: Array<{ extensions?: { code?: string; paging?: string } }> }> {
  const response = await fetch(gateway, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: T };
}

/** The campaigns, largest first (the campaign list is not part of what is measured when it is the input). */
async function campaignSizes(gateway: string): Promise<Array<{ number: string; employees: number }>> {
  const result = await graphql<{ campaigns: { items: Array<{ campaignNumber: string; totalEmployeeCount: number }> } }>(
    gateway,
    '{ campaigns(limit: 100) { items { campaignNumber totalEmployeeCount } } }',
  );
  if (!result.data) throw new Error(`campaign list: ${JSON.stringify(result.errors)}`);
  return result.data.campaigns.items
    .map((item) => ({ number: item.campaignNumber, employees: item.totalEmployeeCount }))
    .sort((a, b) => b.employees - a.employees);
}

/** Every employee of one campaign, 100 a request, or as many as the cost check's advice says fit. */
async function campaignReport(gateway: string, campaign: string): Promise<Work> {
  const work: Work = { requests: 0, rows: 0 };
  let limit = 100;
  for (let page = 1; ; page += 1) {
    work.requests += 1;
    const result = await graphql<{ campaign: { employees: { items: unknown[]; pageInfo: { totalCount: number } } } }>(
      gateway,
      CAMPAIGN_REPORT,
      {
        campaign,
        limit,
        page,
      },
    );
    const advice = result.errors?.[0]?.extensions?.paging;
    if (result.errors?.[0]?.extensions?.code === 'QUERY_TOO_COMPLEX' && advice && page === 1) {
      limit = Number(/employees\(limit: (\d+)\)/.exec(advice)?.[1]);
      page = 0;
      continue;
    }
    if (!result.data || result.errors) throw new Error(`campaign ${campaign} page ${page}: ${JSON.stringify(result.errors)}`);
    work.rows += result.data.campaign.employees.items.length;
    if (page * limit >= result.data.campaign.employees.pageInfo.totalCount) return work;
  }
}

function add(total: Work, more: Work): void {
  total.requests += more.requests;
  total.rows += more.rows;
}

async function main(): Promise<void> {
  const results: SizeResult[] = [];
  for (const scale of SCALES) {
    const simulator = await startSimulator(LATENCY_MS, scale);
    try {
      for (const report of REPORTS) {
        // A fresh gateway for each: its peak RSS is this report's, its caches and page counts cold.
        const gateway = await startGateway('gateway (cache off)', simulator.url, NO_CACHE);
        try {
          await signIn(gateway.url);
          results.push(await measured(report.name, scale, gateway, simulator.url, () => report.run(gateway.url)));
        } finally {
          await gateway.stop();
        }
      }
    } finally {
      await simulator.stop();
    }
  }
  write(results);
}

async function measured(
  report: string,
  scale: number,
  gateway: Child,
  simulatorUrl: string,
  run: () => Promise<Work>,
): Promise<SizeResult> {
  const calls = await upstreamCount(simulatorUrl);
  const cpu = gateway.cpuMs();
  const started = performance.now();
  const work = await run();
  const result: SizeResult = {
    report,
    scale,
    requests: work.requests,
    upstreamCalls: (await upstreamCount(simulatorUrl)) - calls,
    rows: work.rows,
    wallMs: Math.round(performance.now() - started),
    cpuMs: gateway.cpuMs() - cpu,
    peakRssMb: gateway.peakRssMb(),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  return result;
}

const METRICS: Array<{ key: 'upstreamCalls' | 'wallMs' | 'cpuMs' | 'peakRssMb'; label: string }> = [
  { key: 'upstreamCalls', label: 'upstream calls' },
  { key: 'wallMs', label: 'wall ms' },
  { key: 'cpuMs', label: 'gateway CPU ms' },
  { key: 'peakRssMb', label: 'peak RSS MB' },
];
const COLORS = ['#1f77b4', '#d62728', '#2ca02c'];

/** One panel per metric, one line per report, x the tenant's size. */
function chart(results: SizeResult[]): string {
  const panel = { width: 260, height: 190, pad: 40 };
  const panels = METRICS.map(({ key, label }, index) => {
    const x0 = index * (panel.width + 10);
    const max = Math.max(1, ...results.map((result) => result[key])) * 1.1;
    const px = (i: number) => x0 + panel.pad + (i * (panel.width - 2 * panel.pad)) / Math.max(1, SCALES.length - 1);
    const py = (value: number) => panel.height - panel.pad + 10 - (value / max) * (panel.height - 2 * panel.pad);
    const lines = REPORTS.map((report, r) => {
      const points = SCALES.map((scale, i) => {
        const value = results.find((result) => result.report === report.name && result.scale === scale)?.[key] ?? 0;
        return `${px(i).toFixed(1)},${py(value).toFixed(1)}`;
      });
      return `<polyline fill="none" stroke="${COLORS[r]}" stroke-width="2" points="${points.join(' ')}"/>`;
    });
    const ticks = SCALES.map(
      (scale, i) => `<text x="${px(i)}" y="${panel.height - 12}" font-size="10" text-anchor="middle">x${scale}</text>`,
    );
    return [
      `<text x="${x0 + panel.pad}" y="14" font-size="11">${label}</text>`,
      `<text x="${x0 + 2}" y="${py(max / 1.1) + 4}" font-size="9">${Math.round(max / 1.1)}</text>`,
      `<line x1="${x0 + panel.pad}" y1="${py(0)}" x2="${x0 + panel.width - panel.pad}" y2="${py(0)}" stroke="#999"/>`,
      ...lines,
      ...ticks,
    ].join('\n');
  });
  const legend = REPORTS.map(
    (report, r) => `<text x="${10 + r * 170}" y="${panel.height + 14}" font-size="11" fill="${COLORS[r]}">${report.name}</text>`,
  );
  const width = METRICS.length * (panel.width + 10);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${panel.height + 24}" font-family="sans-serif">\n${[...panels, ...legend].join('\n')}\n</svg>\n`;
}

function write(results: SizeResult[]): void {
  const date = new Date().toISOString();
  const stamp = `${date.slice(0, 19).replace(/:/g, '-')}-size`;
  const dir = path.resolve(__dirname, '..', '..', 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, `${stamp}.json`),
    `${JSON.stringify({ date, latencyMs: LATENCY_MS, node: process.version, results }, null, 2)}\n`,
  );
  writeFileSync(path.join(dir, `${stamp}.svg`), chart(results));
  const table = [
    '| report | size | HTTP requests | upstream calls | rows | wall ms | gateway CPU ms | CPU µs/row | peak RSS MB |',
    '| --- | --: | --: | --: | --: | --: | --: | --: | --: |',
    ...results.map(
      (result) =>
        `| ${result.report} | x${result.scale} | ${result.requests} | ${result.upstreamCalls} | ${result.rows} | ${result.wallMs} | ${result.cpuMs} | ${Math.round((result.cpuMs * 1000) / Math.max(1, result.rows))} | ${result.peakRssMb} |`,
    ),
  ].join('\n');
  const markdown =
    `# Cost against the tenant's size, ${date}\n\nThe simulator's demo company x${SCALES.join(', x')} (${LATENCY_MS} ms per request); Node ${process.version}, ` +
    `${os.cpus().length} CPUs; a fresh gateway per report (shared cache off); each report once, alone. CPU from /proc (10 ms ticks).\n\n` +
    `${table}\n\n![upstream calls, wall time, CPU and RSS against size](${stamp}.svg)\n`;
  writeFileSync(path.join(dir, `${stamp}.md`), markdown);
  process.stdout.write(`\n${markdown}\nwrote bench/results/${stamp}.{json,md,svg}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`size benchmark failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
