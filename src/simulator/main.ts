/**
 * The simulator on its own: `node dist/simulator/main.js [--port N] [--host H] [--latency MS] [--scale N] [--pace MS] [--bench]`.
 * Prints one JSON line `{ "url": ... }` when listening. `--bench` keeps no request log (only a count,
 * served at GET /__simulator/stats) so long runs stay small.
 */
import { parseArgs } from 'node:util';
import { UnduitSimulator } from './server';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    /** 127.0.0.1 unless told: `--host 0.0.0.0` in a container (compose.yaml). */
    host: { type: 'string', default: '127.0.0.1' },
    latency: { type: 'string', default: '0' },
    bench: { type: 'boolean', default: false },
    /** Every company this many times larger (the benchmark's x5 and x20). */
    scale: { type: 'string', default: '1' },
    /** Every this many ms one recovery advances a stage; 0: none moves. */
    pace: { type: 'string', default: '0' },
  },
});

async function main(): Promise<void> {
  const simulator = new UnduitSimulator({
    latencyMs: Number(values.latency),
    logLimit: values.bench ? 0 : undefined,
    adminRoutes: values.bench,
    scale: Number(values.scale),
    recoveryPaceMs: Number(values.pace),
  });
  const url = await simulator.listen(Number(values.port), values.host);
  process.stdout.write(`${JSON.stringify({ url })}\n`);
  const stop = () => void simulator.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main();
