/**
 * The curl examples of the README and the docs, run as a reader runs them (bash, from the repository's
 * root) against a gateway set up as `npm start` is (the demo account, anonymous; an API key; the
 * trusted-documents example against a gateway with that manifest). The address is the harness's
 * instead of 127.0.0.1:4000. An example may show an error only when its own comment shows that code.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { committedManifest } from '../../src/documents-emit';
import { DEMO_LOGIN } from '../../src/simulator/companies';
import { startHarness, type Harness } from '../support/harness';

const ROOT = path.resolve(__dirname, '../..');
const API_KEY = 'docs-example-key-0123456789';
const pages = ['README.md', ...readdirSync(path.join(ROOT, 'docs')).map((file) => `docs/${file}`)];
const examples = pages.flatMap((page) =>
  [...readFileSync(path.join(ROOT, page), 'utf8').matchAll(/^( *)```sh\n([\s\S]*?)^\1```/gm)]
    .map((match) =>
      match[2]
        .split('\n')
        .map((line) => line.slice(match[1].length))
        .join('\n'),
    )
    .filter((block) => block.includes('curl'))
    .map((block) => ({ page, block })),
);

let demo: Harness;
let trusted: Harness;
beforeAll(async () => {
  const asNpmStart = { serviceAccount: DEMO_LOGIN, allowAnonymous: true, apiKeys: [API_KEY] };
  [demo, trusted] = await Promise.all([
    startHarness({ gateway: asNpmStart }),
    startHarness({ gateway: { ...asNpmStart, trustedDocuments: committedManifest() } }),
  ]);
});
afterAll(() => Promise.all([demo.stop(), trusted.stop()]));

const codesIn = (text: string) => [...text.matchAll(/"code":"([A-Z_]+)"/g)].map((match) => match[1]);

it('the docs have curl examples', () => {
  expect(examples.length).toBeGreaterThanOrEqual(5);
});

/** Runs a script in bash without blocking this process, which serves the gateway it calls. */
function bash(script: string, env: Record<string, string>): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'bash',
      ['--norc', '--noprofile', '-c', script],
      { cwd: ROOT, encoding: 'utf8', timeout: 15_000, env: { PATH: process.env.PATH ?? '', ...env } },
      (error, stdout, stderr) => resolve({ status: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

it.each(examples.map((example) => [example.page, example.block.split('\n')[0].slice(0, 70), example] as const))(
  '%s: %s',
  async (_page, _first, { block }) => {
    const gateway = block.includes('documentId') ? trusted : demo;
    const origin = new URL(gateway.endpoint).origin;
    const script = block.replace(/http:\/\/127\.0\.0\.1:4000|localhost:4000/g, origin);
    const run = await bash(script, { UNDUIT_TOKEN: gateway.tokens.fairway, GATEWAY_API_KEY: API_KEY });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    expect(run.stdout.trim()).not.toBe('');
    const shown = codesIn(
      block
        .split('\n')
        .filter((line) => line.trim().startsWith('#'))
        .join('\n'),
    );
    for (const code of codesIn(run.stdout)) expect(shown).toContain(code);
  },
);
