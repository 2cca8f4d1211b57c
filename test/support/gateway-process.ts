/**
 * The compiled gateway (dist/main.js, which `npm test` builds first) as its own process, the way an
 * operator runs a replica: settings in the environment, the URL read from its `gateway ready` log
 * line (the banner is printed only to a terminal).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const MAIN = path.resolve(__dirname, '../../dist/main.js');
const READY = /"url":"([^"]+)"[^\n]*"msg":"gateway ready"/;

export interface GatewayProcess {
  child: ChildProcess;
  /** Everything it printed so far (banner and log lines). */
  output(): string;
  /** Resolves with what it printed once it logged that it is ready, or with everything printed if it exits first. */
  started: Promise<string>;
  exit: Promise<number | null>;
}

export function spawnGateway(env: Record<string, string>): GatewayProcess {
  const child = spawn(process.execPath, [MAIN], { env: { PATH: process.env.PATH, LOG_LEVEL: 'info', ...env } });
  let text = '';
  const started = new Promise<string>((resolve) => {
    const collect = (chunk: Buffer) => {
      text += chunk.toString();
      if (READY.test(text)) resolve(text);
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    child.on('exit', () => resolve(text));
  });
  const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { child, output: () => text, started, exit };
}

/** Starts a replica and resolves with its GraphQL URL; throws with what it printed if it did not start. */
export async function startGatewayProcess(
  env: Record<string, string>,
): Promise<GatewayProcess & { endpoint: string; stop(): Promise<void> }> {
  const replica = spawnGateway(env);
  const printed = await replica.started;
  const endpoint = READY.exec(printed)?.[1];
  if (!endpoint) throw new Error(`the gateway did not start:\n${printed}`);
  return {
    ...replica,
    endpoint,
    stop: async () => {
      if (replica.child.exitCode === null) replica.child.kill('SIGTERM');
      await replica.exit;
    },
  };
}
