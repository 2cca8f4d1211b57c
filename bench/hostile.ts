/**
 * `npm run bench:hostile`: what a hostile document costs the gateway. Starts the built gateway as a
 * child process (no upstream needed: nothing reaches it) and sends 50 of each request, reading the
 * child's CPU time from /proc: the 1 MB document of unused variables must be refused in under 50 ms
 * of gateway CPU, before any credential is looked at.
 */
import fetch from 'node-fetch';
import { MAX_REQUEST_BODY } from '../src/edge/body-limit';
import { startGateway } from './processes';

const ROUNDS = 50;

function unusedVariables(bytes: number): string {
  let variables = '';
  for (let n = 0; variables.length < bytes; n += 1) variables += `$v${n}: Int `;
  return JSON.stringify({ query: `query (${variables}) { __typename }` });
}

async function main(): Promise<void> {
  // Nothing is ever sent upstream here; the address only has to be well formed.
  const gateway = await startGateway('gateway', 'http://127.0.0.1:9/api/v1', {});
  try {
    const cases: Array<[string, string]> = [
      [`a document of unused variables just under the ${MAX_REQUEST_BODY} body limit`, unusedVariables(1_000_000 - 200)],
      ['a body over the limit', unusedVariables(1_200_000)],
      ['a small query (for scale)', JSON.stringify({ query: '{ __typename }' })],
    ];
    for (const [name, body] of cases) {
      const send = async () => {
        const response = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        return { status: response.status, text: await response.text() };
      };
      await send();
      const before = gateway.cpuMs();
      let last = { status: 0, text: '' };
      for (let round = 0; round < ROUNDS; round += 1) last = await send();
      const cpuMs = (gateway.cpuMs() - before) / ROUNDS;
      process.stdout.write(`${name}: HTTP ${last.status}, ${cpuMs.toFixed(1)} ms of gateway CPU per request; ${last.text.slice(0, 100)}\n`);
    }
  } finally {
    await gateway.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`hostile benchmark failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
