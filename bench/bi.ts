/**
 * `npm run bench:bi`: the BI full refresh. A fresh gateway (cold caches) on the simulator at 100 ms per
 * request; a BI tool pulls all five tables (users, assets, campaigns, employees, recovery items) as
 * CSV exports, one HTTP request each, one after the other as a refresh does. Reports requests,
 * upstream calls, rows and wall time per table and in all; results to bench/results/<date>-bi.md.
 * Targets (the data-access issue): at most 5 requests, 130 upstream calls and 3 s.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fetch from 'node-fetch';
import { upstreamCount } from './measure';
import { startGateway, startSimulator, type Child } from './processes';

const TABLES = ['users', 'assets', 'campaigns', 'employees', 'recovery-items'];
const LATENCY_MS = 100;

async function main(): Promise<void> {
  const simulator = await startSimulator(LATENCY_MS);
  const children: Child[] = [simulator];
  try {
    const gateway = await startGateway('gateway', simulator.url, {});
    children.push(gateway);
    const base = gateway.url.replace(/\/graphql$/, '/export');
    const rows: string[] = [];
    const started = performance.now();
    const before = await upstreamCount(simulator.url);
    for (const table of TABLES) {
      const tableStarted = performance.now();
      const tableBefore = await upstreamCount(simulator.url);
      const response = await fetch(`${base}/${table}.csv`);
      const text = await response.text();
      if (!response.ok || text.includes('#TRUNCATED')) throw new Error(`${table}: ${response.status} ${text.slice(0, 200)}`);
      const lines = text.trimEnd().split('\n').length - 1;
      const line = `| ${table} | 1 | ${(await upstreamCount(simulator.url)) - tableBefore} | ${lines} | ${Math.round(performance.now() - tableStarted)} |`;
      rows.push(line);
      process.stdout.write(`${line}\n`);
    }
    const total = `| all five | ${TABLES.length} | ${(await upstreamCount(simulator.url)) - before} | | ${Math.round(performance.now() - started)} |`;
    const markdown = [
      `# BI full refresh, ${new Date().toISOString()}`,
      '',
      `Node ${process.version}, ${os.cpus().length} CPUs; simulator ${LATENCY_MS} ms per request; a fresh gateway (cold caches, default settings), the five CSV exports one after the other.`,
      '',
      '| table | HTTP requests | upstream calls | rows | ms |',
      '| --- | --: | --: | --: | --: |',
      ...rows,
      total,
      '',
    ].join('\n');
    const dir = path.resolve(__dirname, '..', '..', 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${new Date().toISOString().slice(0, 19).replace(/:/g, '-')}-bi.md`);
    writeFileSync(file, markdown);
    process.stdout.write(`\n${markdown}\nwrote ${path.relative(process.cwd(), file)}\n`);
  } finally {
    await Promise.all(children.map((child) => child.stop()));
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`benchmark failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
