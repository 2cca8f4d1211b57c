/**
 * The compiled gateway (dist/main.js, which `npm test` builds first) as its own process, the way an
 * operator runs a replica: settings in the environment, the URL read from its banner.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const MAIN = path.resolve(__dirname, '../../dist/main.js');
const BANNER = /Unduit GraphQL gateway ready at (\S+)/;

export interface GatewayProcess {
  child: ChildProcess;
  /** Everything it printed so far (banner and log lines). */
  output(): string;
  /** Resolves with the banner's text once printed, or with everything printed if it exits first. */
  started: Promise<string>;
  exit: Promise<number | null>;
}

export function spawnGateway(env: Record<string, string>): GatewayProcess {
  const child = spawn(process.execPath, [MAIN], { env: { PATH: process.env.PATH, LOG_LEVEL: 'silent', ...env } });
  let text = '';
  const started = new Promise<string>((resolve) => {
    const collect = (chunk: Buffer) => {
      text += chunk.toString();
      if (/Open Apollo Sandbox: \S+|Introspection and Sandbox are off/.test(text)) resolve(text);
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    child.on('exit', () => resolve(text));
  });
  const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { child, output: () => text, started, exit };
}

/** Starts a replica and resolves with its GraphQL URL; throws with what it printed if it did not start. */
export async function startGatewayProcess(env: Record<string, string>): Promise<GatewayProcess & { endpoint: string; stop(): Promise<void> }> {
  const replica = spawnGateway(env);
  const banner = await replica.started;
  const endpoint = BANNER.exec(banner)?.[1];
  if (!endpoint) throw new Error(`the gateway did not start:\n${banner}`);
  return {
    ...replica,
    endpoint,
    stop: async () => {
      if (replica.child.exitCode === null) replica.child.kill('SIGTERM');
      await replica.exit;
    },
  };
}
