/**
 * The front door and the docs, as written: every GraphQL operation shown runs against the simulator,
 * the first example returns exactly the JSON the README shows, the documented Apollo Client keys are
 * the ones the example client runs, every link leads somewhere, and the README stays a front door.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { bearer, startHarness, type Harness } from '../support/harness';

const ROOT = path.resolve(__dirname, '../..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');
const pages = ['README.md', 'bench/README.md', ...readdirSync(path.join(ROOT, 'docs')).map((file) => `docs/${file}`)];
const readme = read('README.md');
const firstExample = /```graphql\n(query UserWithAssets[\s\S]*?)```\s*```json\n([\s\S]*?)```/.exec(readme);
const operations = pages.flatMap((page) =>
  [...read(page).matchAll(/```graphql\n([\s\S]*?)```/g)]
    .map((match) => ({ page, block: match[1] }))
    .filter(({ block }) => /^(query|mutation) /.test(block)),
);

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness.stop());

it('the first example returns exactly the JSON the README shows, in one upstream request', async () => {
  expect(firstExample).not.toBeNull();
  const [, query, json] = firstExample!;
  const result = await harness.raw(query, undefined, bearer(harness.tokens.fairway));
  expect({ data: result.data }).toEqual(JSON.parse(json));
  expect(result.extensions?.upstream?.requests).toBe(1);
});

it('every example operation in the README and the docs runs without errors', async () => {
  const names = operations.flatMap(({ block }) => [...block.matchAll(/^(?:query|mutation) (\w+)/gm)].map((match) => match[1]));
  expect(names).toEqual(expect.arrayContaining(['UserWithAssets', 'AddOne', 'AddMany']));
  for (const { page, block } of operations) {
    for (const [, name] of block.matchAll(/^(?:query|mutation) (\w+)/gm)) {
      const result = await harness.raw(block, undefined, bearer(harness.tokens.fairway), name);
      expect({ page, name, errors: result.errors }).toEqual({ page, name, errors: undefined });
    }
  }
});

it("the frontend page's typePolicies are the example client's, as written", () => {
  const documented = /<!-- type-policies:[^\n]*-->\n```ts\n([\s\S]*?)```/.exec(read('docs/frontend.md'))![1];
  expect(read('examples/typed-client/type-policies.ts')).toContain(documented);
});

it('every relative link of the README and the docs leads to a file that exists', () => {
  for (const page of pages) {
    for (const [, target] of read(page).matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
      if (/^[a-z]+:/.test(target)) continue;
      expect({ page, target, exists: existsSync(path.join(ROOT, path.dirname(page), target)) }).toEqual({ page, target, exists: true });
    }
  }
});

it('the README is a front door: about 200 lines, no internal references', () => {
  expect(readme.split('\n').length).toBeLessThanOrEqual(200);
  for (const page of pages) expect({ page, internal: /\.\.\/shared|the \w+ issue\b/.test(read(page)) }).toEqual({ page, internal: false });
});
