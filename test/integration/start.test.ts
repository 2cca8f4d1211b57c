/**
 * `npm start` as a newcomer runs it: the compiled gateway on the embedded simulator, signed in, with
 * the Sandbox URL printed. Runs dist/main.js (npm test builds first).
 */
import fetch from 'node-fetch';
import { seeded } from '../support/companies';
import { spawnGateway } from '../support/gateway-process';

function start(env: Record<string, string>) {
  const { child, started, exit } = spawnGateway(env);
  return { child, output: started, exit };
}

describe('npm start', () => {
  it('serves the gateway on the embedded simulator, signed in, and prints the Sandbox URL', async () => {
    const { child, output, exit } = start({ PORT: '0' });
    try {
      const banner = await output;
      const url = /Open Apollo Sandbox: (\S+)/.exec(banner)![1];
      expect(banner).toContain('built-in Unduit simulator');
      expect(banner).toContain('UNDUIT_BASE_URL=https://dev-api.unduit.com/api/v1 npm start');
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ users { pageInfo { totalCount } } }' }),
      });
      expect(await response.json()).toMatchObject({ data: { users: { pageInfo: { totalCount: seeded.fairway.users.length } } } });
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exit).toBe(0);
  });

  it('stops with one line naming a bad variable, before listening', async () => {
    const { output, exit } = start({ PORT: 'eighty' });
    expect(await exit).toBe(2);
    expect((await output).trim()).toBe('Configuration error: PORT must be a whole number from 0 to 65535 (got "eighty")');
  });
});
