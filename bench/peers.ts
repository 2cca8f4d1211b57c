/**
 * `npm run bench:peers`: our gateway side by side with GraphQL Mesh (Hive Gateway over an OpenAPI
 * source of the documented endpoints, bench/peers/), both in front of the same simulator, on the same
 * three reports: a users page, a nested recovery report, an inventory with holders. Each gateway gets
 * the same bearer token and is measured by the same load generator: its CPU per request from /proc,
 * throughput, p50, and the upstream calls the simulator saw. Mesh is installed into a temporary folder
 * (kept between runs, never a dependency of the project). Results to bench/results/<date>-peers.{json,md}.
 * Flags: --latency MS (20), --duration S (5), --warmup S (1), --concurrency N (16), --repeats N (3).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { measure, medianOf, probe, type Measurement } from './measure';
import { NO_CACHE, startGateway, startMesh, startSimulator, type Child } from './processes';
import { graphql, pickCampaigns, type Target } from './scenarios';

const { values } = parseArgs({
  options: {
    latency: { type: 'string', default: '20' },
    duration: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '1' },
    concurrency: { type: 'string', default: '16' },
    repeats: { type: 'string', default: '3' },
  },
});
const settings = {
  latencyMs: Number(values.latency),
  durationSeconds: Number(values.duration),
  warmupSeconds: Number(values.warmup),
  concurrency: Number(values.concurrency),
  repeats: Number(values.repeats),
  node: process.version,
  cpus: os.cpus().length,
};

/** The peer's versions, pinned so that runs compare: the latest lines that declare Node 20. */
const MESH_PACKAGES = ['@graphql-hive/gateway@2.15.1', '@graphql-mesh/compose-cli@1.8.2', '@omnigraph/openapi@0.112.4', 'graphql@16.15.0'];
const MESH_FOLDER = path.join(os.tmpdir(), 'unduit-bench-peers');
const SOURCES = path.resolve(__dirname, '..', '..', 'bench', 'peers');

/** The same data from each graph: ours by its shipped operations, Mesh's by the wire's names. */
const MESH_QUERIES = {
  usersPage: `{ users(page: 1) { totalUsers totalPages users { Email FirstName LastName ContactInfo PhoneCountryCode LocationName
    LocationType Address_1 Address_2 City State Zip Country AssignedAssets { assetId modelName modelNumber productType purchaseDate
    serialNumber imei imei2 sku assetStatus } } } }`,
  recoveryReport: (campaign: string) => `{ campaignDetails(campaign_number: "${campaign}", page: 1, limit: 100) { campaign_number title
    total_employees employees { email status user { Email LocationType } items { item asset { assetId modelName assetStatus
    holder { Email FirstName LastName } } } } } }`,
  inventory: `{ ${[1, 2, 3, 4, 5].map((page) => `page${page}: assets(page: ${page}) { assets { assetId modelName AssignedUser { email firstname lastname } } }`).join(' ')} }`,
};

interface Report {
  title: string;
  ours: Target;
  mesh: Target;
}

interface PeerResult {
  title: string;
  ours: { upstreamPerOp: number; run: Measurement };
  mesh: { upstreamPerOp: number; run: Measurement };
}

function installMesh(): void {
  const installed = path.join(MESH_FOLDER, 'node_modules', '.peers-installed');
  if (!existsSync(installed) || !existsSync(path.join(MESH_FOLDER, 'package.json'))) {
    log(`installing GraphQL Mesh into ${MESH_FOLDER} (about a minute, once)`);
    mkdirSync(MESH_FOLDER, { recursive: true });
    writeFileSync(path.join(MESH_FOLDER, 'package.json'), JSON.stringify({ name: 'unduit-bench-peers', private: true }));
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--save-exact', ...MESH_PACKAGES], { cwd: MESH_FOLDER, stdio: 'inherit' });
    writeFileSync(installed, MESH_PACKAGES.join('\n'));
  }
  for (const file of ['unduit.openapi.yaml', 'mesh.config.ts']) copyFileSync(path.join(SOURCES, file), path.join(MESH_FOLDER, file));
}

/** Composes Mesh's supergraph for this simulator (Mesh writes the upstream's URL into it). */
function composeMesh(upstream: string): string {
  const supergraph = path.join(MESH_FOLDER, 'supergraph.graphql');
  execFileSync(path.join(MESH_FOLDER, 'node_modules', '.bin', 'mesh-compose'), ['-o', supergraph], {
    cwd: MESH_FOLDER,
    env: { ...process.env, UNDUIT_BASE_URL: upstream },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return supergraph;
}

async function main(): Promise<void> {
  installMesh();
  const children: Child[] = [];
  try {
    const simulator = await startSimulator(settings.latencyMs);
    children.push(simulator);
    const supergraph = composeMesh(simulator.url);
    const [ours, mesh] = await Promise.all([
      startGateway('our gateway (cache off)', simulator.url, NO_CACHE),
      startMesh(MESH_FOLDER, supergraph),
    ]);
    children.push(ours, mesh);
    const { token, recoveryCampaign } = await pickCampaigns(simulator.url);
    const meshTarget = (query: string): Target => ({
      url: mesh.url,
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: () => JSON.stringify({ query }),
    });
    const reports: Report[] = [
      { title: 'users page', ours: graphql(ours.url, 'UsersPage', () => ({ page: 1 }), token), mesh: meshTarget(MESH_QUERIES.usersPage) },
      {
        title: 'recovery report (employees, their user, items, asset, holder)',
        ours: graphql(ours.url, 'RecoveryReport', () => ({ campaignNumber: recoveryCampaign }), token),
        mesh: meshTarget(MESH_QUERIES.recoveryReport(recoveryCampaign)),
      },
      {
        title: 'inventory with holders (5 pages)',
        ours: graphql(ours.url, 'InventoryWithHolders', () => ({}), token),
        mesh: meshTarget(MESH_QUERIES.inventory),
      },
    ];
    const results: PeerResult[] = [];
    for (const report of reports) {
      log(report.title);
      results.push({
        title: report.title,
        ours: { upstreamPerOp: await exactCost(report.ours, simulator.url), run: await repeated(report.ours, simulator.url, ours) },
        mesh: { upstreamPerOp: await exactCost(report.mesh, simulator.url), run: await repeated(report.mesh, simulator.url, mesh) },
      });
    }
    write(results);
  } finally {
    await Promise.all(children.map((child) => child.stop()));
  }
}

async function exactCost(target: Target, simulatorUrl: string): Promise<number> {
  const result = await probe(target, simulatorUrl);
  if (!result.ok) throw new Error(`${target.url} failed: ${result.detail}`);
  return result.upstream;
}

async function repeated(target: Target, simulatorUrl: string, server: Child): Promise<Measurement> {
  const runs: Measurement[] = [];
  for (let repeat = 0; repeat < settings.repeats; repeat += 1) {
    runs.push(
      await measure(target, simulatorUrl, settings.concurrency, settings.durationSeconds, settings.warmupSeconds, () => server.cpuMs()),
    );
  }
  const median = medianOf(runs);
  log(
    `  ${server.name}: ${median.requestsPerSecond} req/s, p50 ${median.p50} ms, cpu/op ${median.cpuMsPerOp} ms, upstream/op ${median.upstreamPerOp}`,
  );
  return median;
}

/** Ours at most 0.4x Mesh's CPU per request on the two nested reports, and never more than Mesh's. */
function verdicts(results: PeerResult[]): string[] {
  return results.map((result, index) => {
    const ratio = result.ours.run.cpuMsPerOp / result.mesh.run.cpuMsPerOp;
    const target = index === 0 ? 1 : 0.4;
    return `${ratio <= target ? 'MET' : 'MISSED'}: ${result.title}: our CPU per request is ${ratio.toFixed(2)}x Mesh's (target <= ${target}x)`;
  });
}

function write(results: PeerResult[]): void {
  const date = new Date().toISOString();
  const stamp = date.slice(0, 19).replace(/:/g, '-');
  const dir = path.resolve(__dirname, '..', '..', 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, `${stamp}-peers.json`),
    `${JSON.stringify({ date, settings, meshPackages: MESH_PACKAGES, results }, null, 2)}\n`,
  );
  const row = (title: string, gateway: string, side: PeerResult['ours']) =>
    `| ${title} | ${gateway} | ${side.run.cpuMsPerOp} (${side.run.spread?.cpuMsPerOp.join('-')}) | ${side.run.requestsPerSecond} | ${side.run.p50} | ${side.upstreamPerOp} |`;
  const table = [
    '| report | gateway | CPU ms/request (spread) | req/s | p50 ms | upstream calls/request |',
    '| --- | --- | --: | --: | --: | --: |',
    ...results.flatMap((result) => [row(result.title, 'ours', result.ours), row(result.title, 'GraphQL Mesh', result.mesh)]),
  ].join('\n');
  const markdown =
    `# Peer benchmark ${date}\n\nOur gateway (shared cache off) and GraphQL Mesh (${MESH_PACKAGES.join(', ')}) in front of one simulator ` +
    `(${settings.latencyMs} ms per request), the same bearer token, concurrency ${settings.concurrency}, ${settings.durationSeconds} s per run after ` +
    `${settings.warmupSeconds} s warm-up, median of ${settings.repeats} runs; Node ${settings.node}, ${settings.cpus} CPUs. CPU is each gateway ` +
    `process's user + system time from /proc.\n\n${table}\n\n${verdicts(results)
      .map((line) => `- ${line}`)
      .join('\n')}\n`;
  writeFileSync(path.join(dir, `${stamp}-peers.md`), markdown);
  process.stdout.write(`\n${markdown}\nwrote bench/results/${stamp}-peers.{json,md}\n`);
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`peer benchmark failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
