/**
 * `npm start` as a newcomer and as an operator run it: the compiled gateway (dist/main.js, which npm
 * test builds first) on the embedded simulator, signed in; and the ways a production start refuses
 * to go wrong, each one line.
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import fetch from 'node-fetch';
import { banner } from '../../src/banner';
import { seeded } from '../support/companies';
import { spawnGateway } from '../support/gateway-process';

const READY_URL = /"url":"([^"]+)"[^\n]*"msg":"gateway ready"/;

describe('npm start', () => {
  it('serves the gateway on the embedded simulator, signed in; to a pipe it logs one JSON line, no banner', async () => {
    const { child, started, exit } = spawnGateway({ PORT: '0' });
    try {
      const printed = await started;
      const url = READY_URL.exec(printed)![1];
      expect(printed).not.toContain('Open Apollo Sandbox');
      for (const line of printed.trim().split('\n')) expect(() => JSON.parse(line)).not.toThrow();
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

  it('at a terminal, the banner names both explorers, the simulator and how to use the live API', () => {
    const text = banner(
      { introspection: true, redisUrl: undefined },
      'http://127.0.0.1:4000/graphql',
      'http://127.0.0.1:4001/api/v1',
      true,
    );
    expect(text).toContain('Open GraphiQL (bundled, works offline): http://127.0.0.1:4000/graphiql');
    expect(text).toContain('Open Apollo Sandbox: http://127.0.0.1:4000/graphql');
    expect(text).toContain('built-in Unduit simulator');
    expect(text).toContain('UNDUIT_BASE_URL=https://dev-api.unduit.com/api/v1 npm start');
  });

  it('stops with one line naming a bad variable, before listening', async () => {
    const { started, exit } = spawnGateway({ PORT: 'eighty' });
    expect(await exit).toBe(2);
    expect((await started).trim()).toBe('Configuration error: PORT must be a whole number from 0 to 65535 (got "eighty")');
  });
});

describe('production', () => {
  it('never starts the simulator by itself: without UNDUIT_BASE_URL it stops (exit 2) naming it', async () => {
    const { started, exit } = spawnGateway({ NODE_ENV: 'production', PORT: '0', UNDUIT_BASEURL: 'https://typo.example' });
    expect(await exit).toBe(2);
    expect((await started).trim()).toMatch(/^Configuration error: .*UNDUIT_BASE_URL/);
  });

  it('a port in use is one line and exit code 1, not a stack trace', async () => {
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as AddressInfo).port;
    try {
      const { started, exit } = spawnGateway({
        PORT: String(port),
        UNDUIT_BASE_URL: 'http://127.0.0.1:9/api/v1',
        UNDUIT_EMAIL: '',
        LOG_LEVEL: 'silent',
      });
      expect(await exit).toBe(1);
      expect((await started).trim()).toBe(
        `Start-up failed: Port ${port} on 127.0.0.1 is in use: stop what listens there, or set PORT to another port`,
      );
    } finally {
      holder.close();
    }
  });

  it('an unreachable upstream at start-up is one warning line; readiness says so', async () => {
    const { child, started, exit, output } = spawnGateway({
      NODE_ENV: 'production',
      PORT: '0',
      UNDUIT_BASE_URL: 'http://127.0.0.1:9/api/v1',
    });
    try {
      const url = READY_URL.exec(await started)![1];
      const deadline = Date.now() + 10_000;
      while (!output().includes('cannot be reached at start-up') && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 20));
      const warnings = output()
        .split('\n')
        .filter((line) => line.includes('"level":40'));
      expect(warnings).toHaveLength(1);
      expect(JSON.parse(warnings[0])).toMatchObject({
        msg: expect.stringContaining('cannot be reached at start-up'),
        upstream: 'http://127.0.0.1:9/api/v1',
      });
      const readiness = await fetch(url.replace('/graphql', '/readyz'));
      expect(readiness.status).toBe(503);
      expect(await readiness.json()).toMatchObject({ checks: { upstream: 'unreachable' } });
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exit).toBe(0);
  });
});
