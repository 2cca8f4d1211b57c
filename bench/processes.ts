/** The benchmark's processes: simulator, gateways and the floor client, each a child on 127.0.0.1. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { freePort } from '../test/support/redis-server';

const BUILD = path.resolve(__dirname, '..');

export interface Child {
  name: string;
  url: string;
  pid: number;
  stop(): Promise<void>;
  /** Peak resident set size of the process so far (Linux VmHWM), in MB. */
  peakRssMb(): number;
  /** CPU time the process has used so far (user + system), in ms. */
  cpuMs(): number;
}

/**
 * `script`: under the build, or absolute. `ready`: the line it prints when ready (its first group the
 * URL), or a GraphQL URL to poll (at its `health` path, /healthz unless given) until it answers.
 */
function start(
  name: string,
  script: string,
  args: string[],
  env: Record<string, string>,
  ready: RegExp | { poll: string; health?: string },
  cwd?: string,
): Promise<Child> {
  const child: ChildProcess = spawn(process.execPath, [path.resolve(BUILD, script), ...args], {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd,
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`${name} did not start: ${output}`)), 20_000);
    const started = (url: string) => {
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      resolve({
        name,
        url,
        pid: child.pid!,
        peakRssMb: () => peakRssMb(child.pid!),
        cpuMs: () => cpuMs(child.pid!),
        stop: () =>
          new Promise((done) => {
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    };
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = ready instanceof RegExp ? ready.exec(output) : null;
      if (match) started(match[1]);
    };
    if (!(ready instanceof RegExp))
      void untilAnswering(ready.poll.replace(/\/graphql$/, ready.health ?? '/healthz'), child).then(
        (answering) => answering && started(ready.poll),
      );
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`${name} exited (${code}): ${output}`)));
  });
}

/** `scale`: the demo company that many times larger (users, assets, the largest campaign); `paceMs`: a recovery moves that often (0: never). */
export function startSimulator(latencyMs: number, scale = 1, paceMs = 0): Promise<Child> {
  const args = ['--bench', '--latency', String(latencyMs), '--scale', String(scale), '--pace', String(paceMs)];
  return start('simulator', 'src/simulator/main.js', args, {}, /"url":"([^"]+)"/);
}

/** Shared cache off: every read of a measured operation goes upstream. */
export const NO_CACHE = { CACHE_TTL_USERS: '0', CACHE_TTL_ASSETS: '0', CACHE_TTL_CAMPAIGNS: '0', CACHE_TTL_CAMPAIGN_DETAILS: '0' };

/** A gateway signs in to the upstream on its first query: done before anything is counted. */
export async function signIn(gatewayUrl: string): Promise<void> {
  const response = await fetch(gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ campaigns(limit: 1) { pageInfo { totalCount } } }' }),
  });
  if (!response.ok) throw new Error(`gateway at ${gatewayUrl} did not answer: ${await response.text()}`);
}

/**
 * A gateway process at LOG_LEVEL=error (no per-request log line to skew the CPU measured), which
 * therefore prints nothing when ready: its port is chosen here and polled.
 */
export async function startGateway(name: string, upstream: string, env: Record<string, string>): Promise<Child> {
  const port = await freePort();
  return start(
    name,
    'src/main.js',
    [],
    {
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'error',
      UNDUIT_BASE_URL: upstream,
      UNDUIT_EMAIL: 'jane.smith@example.com',
      UNDUIT_PASSWORD: 'password',
      GATEWAY_ALLOW_ANONYMOUS: 'true',
      // One load generator on one address sends thousands of requests a second: measure the gateway, not its rate limit.
      RATE_LIMIT_REQUESTS_PER_MINUTE: '10000000',
      ...env,
    },
    { poll: `http://127.0.0.1:${port}/graphql` },
  );
}

/** Polls a health URL until it answers (true), or the process has exited (false). */
async function untilAnswering(url: string, child: ChildProcess): Promise<boolean> {
  while (child.exitCode === null) {
    const ok = await fetch(url).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

/** GraphQL Mesh's gateway (Hive Gateway) serving a composed supergraph, from the folder bench/peers.ts installed it in. */
export async function startMesh(folder: string, supergraph: string): Promise<Child> {
  const port = await freePort();
  const bin = path.join(folder, 'node_modules', '@graphql-hive', 'gateway', 'dist', 'bin.js');
  const args = ['supergraph', supergraph, '--host', '127.0.0.1', '--port', String(port)];
  return start('GraphQL Mesh', bin, args, {}, { poll: `http://127.0.0.1:${port}/graphql`, health: '/healthcheck' }, folder);
}

export function startFloor(upstream: string): Promise<Child> {
  return start('floor', 'bench/floor.js', ['--upstream', upstream], {}, /floor ready at (\S+)/);
}

/** utime + stime from /proc/<pid>/stat, in clock ticks (100 per second on Linux). */
function cpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

function peakRssMb(pid: number): number {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Math.round(Number(kb) / 1024) : NaN;
  } catch {
    return NaN;
  }
}
