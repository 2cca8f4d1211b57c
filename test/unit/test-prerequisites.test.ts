/**
 * `npm test` on a machine without the real servers its tests start: it installs them when it can
 * (root with apt-get: what CI proves), and otherwise stops before any test with one line saying how.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const SCRIPT = path.resolve(__dirname, '../../scripts/test-prerequisites.js');
const nothingInstalled = mkdtempSync(path.join(tmpdir(), 'empty-path-'));

const run = (env: Record<string, string>) =>
  spawnSync(process.execPath, [SCRIPT], { env: { PATH: nothingInstalled, ...env }, encoding: 'utf8' });

it('without redis-server, curl, chromium and apt-get, stops with one line naming the command to run', () => {
  const result = run({});
  expect(result.status).toBe(1);
  expect(result.stdout).toBe('');
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(/^npm test needs redis-server, curl, chromium: run `sudo apt-get install -y redis-server curl chromium`/);
  expect(result.stderr).toContain('CHROMIUM_PATH');
});

it('a browser named by CHROMIUM_PATH counts: only what is still missing is named', () => {
  const result = run({ CHROMIUM_PATH: process.execPath });
  expect(result.status).toBe(1);
  expect(result.stderr).toMatch(/^npm test needs redis-server, curl: run `sudo apt-get install -y redis-server curl`/);
  expect(result.stderr).not.toContain('CHROMIUM_PATH');
});

it('with everything on the PATH, lets the tests run', () => {
  const result = spawnSync(process.execPath, [SCRIPT], { encoding: 'utf8' });
  expect(result.status).toBe(0);
});
