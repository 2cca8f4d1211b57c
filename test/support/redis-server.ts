/**
 * A real `redis-server` (Debian's package; `npm test` installs it when it can, the README says how to get it
 * locally) on a free loopback port, without persistence, for the tests of shared state. `stop()` and
 * `start()` again on the same port let a test take Redis away mid-run and bring it back.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';

export interface RedisServer {
  url: string;
  port: number;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** `settings`: extra redis-server arguments, e.g. `['--maxmemory', '2mb', '--maxmemory-policy', 'volatile-lru']`. */
export async function startRedisServer(settings: string[] = []): Promise<RedisServer> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const server: RedisServer = {
    url: `redis://127.0.0.1:${port}`,
    port,
    async start() {
      child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...settings], {
        stdio: 'ignore',
      });
      const spawned = child;
      await new Promise<void>((resolve, reject) => {
        spawned.once('error', (error) =>
          reject(new Error(`redis-server could not start (${error.message}); install it: apt-get install -y redis-server`)),
        );
        spawned.once('spawn', resolve);
      });
      await untilAccepting(port);
    },
    async stop() {
      const running = child;
      child = undefined;
      if (!running || running.exitCode !== null) return;
      await new Promise((resolve) => {
        running.once('exit', resolve);
        running.kill('SIGKILL');
      });
    },
  };
  await server.start();
  return server;
}

/** A port nobody listens on now (the kernel's choice). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Resolves once the server answers PING. */
async function untilAccepting(port: number, deadline = Date.now() + 10_000): Promise<void> {
  for (let wait = 5; ; wait = Math.min(wait * 2, 100)) {
    if (await answersPing(port)) return;
    if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not answer within 10 s`);
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('error', () => resolve(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
  });
}
