/**
 * `npm run bench:bi`: the BI full refresh, in every export format. For each format (CSV, NDJSON,
 * JSON, Parquet, xlsx), a fresh gateway (cold caches) on the simulator at 100 ms per request; a BI
 * tool pulls all six tables (users, assets, campaigns, employees, recovery items, tracking), one HTTP
 * request each, one after the other as a refresh does. Reports per format and table: upstream calls,
 * rows, bytes and wall time, and the gateway's CPU for the whole refresh; results to
 * bench/results/<date>-bi.md. Targets (the data-access issue, CSV): at most 6 requests, 130 upstream
 * calls and 3 s.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fetch from 'node-fetch';
import { parquetMetadata } from 'hyparquet';
import { upstreamCount } from './measure';
import { startGateway, startSimulator } from './processes';

const TABLES = ['users', 'assets', 'campaigns', 'employees', 'recovery-items', 'tracking'];
const FORMATS = ['csv', 'ndjson', 'json', 'parquet', 'xlsx'];
const LATENCY_MS = 100;

/** Rows in a file of the format (xlsx: not counted, `n/a`). */
function rowsOf(format: string, body: Buffer): number | string {
  if (format === 'csv') return body.toString().trimEnd().split('\n').length - 1;
  if (format === 'ndjson') return body.toString().trimEnd().split('\n').length;
  if (format === 'json') return (JSON.parse(body.toString()) as unknown[]).length;
  if (format === 'parquet')
    return Number(parquetMetadata(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer).num_rows);
  return 'n/a';
}

async function main(): Promise<void> {
  const simulator = await startSimulator(LATENCY_MS);
  const lines: string[] = [];
  const totals: string[] = [];
  try {
    for (const format of FORMATS) {
      const gateway = await startGateway('gateway', simulator.url, {});
      try {
        const base = gateway.url.replace(/\/graphql$/, '/export');
        const started = performance.now();
        const before = await upstreamCount(simulator.url);
        const cpu = gateway.cpuMs();
        let bytes = 0;
        for (const table of TABLES) {
          const tableStarted = performance.now();
          const tableBefore = await upstreamCount(simulator.url);
          const response = await fetch(`${base}/${table}.${format}`);
          const body = Buffer.from(await response.arrayBuffer());
          if (!response.ok || body.includes('#TRUNCATED') || body.includes('"truncated"'))
            throw new Error(`${table}.${format}: ${response.status} ${body.toString().slice(0, 200)}`);
          bytes += body.length;
          const line = `| ${format} | ${table} | ${(await upstreamCount(simulator.url)) - tableBefore} | ${rowsOf(format, body)} | ${body.length} | ${Math.round(performance.now() - tableStarted)} |`;
          lines.push(line);
          process.stdout.write(`${line}\n`);
        }
        totals.push(
          `| ${format} | ${TABLES.length} | ${(await upstreamCount(simulator.url)) - before} | ${bytes} | ${Math.round(performance.now() - started)} | ${gateway.cpuMs() - cpu} |`,
        );
      } finally {
        await gateway.stop();
      }
    }
  } finally {
    await simulator.stop();
  }
  const markdown = [
    `# BI full refresh, ${new Date().toISOString()}`,
    '',
    `Node ${process.version}, ${os.cpus().length} CPUs; simulator ${LATENCY_MS} ms per request; for each format a fresh gateway (cold caches, default settings), the six exports one after the other.`,
    '',
    '| format | HTTP requests | upstream calls | bytes | ms | gateway CPU ms |',
    '| --- | --: | --: | --: | --: | --: |',
    ...totals,
    '',
    '| format | table | upstream calls | rows | bytes | ms |',
    '| --- | --- | --: | --: | --: | --: |',
    ...lines,
    '',
  ].join('\n');
  const dir = path.resolve(__dirname, '..', '..', 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${new Date().toISOString().slice(0, 19).replace(/:/g, '-')}-bi.md`);
  writeFileSync(file, markdown);
  process.stdout.write(`\n${markdown}\nwrote ${path.relative(process.cwd(), file)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`benchmark failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
