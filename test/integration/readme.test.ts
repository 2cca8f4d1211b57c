/** The README's examples, run as written against the simulator: the front door must not lie. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { bearer, startHarness, type Harness } from '../support/harness';

const readme = readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');
const firstExample = /```graphql\n(query UserWithAssets[\s\S]*?)```\s*```json\n([\s\S]*?)```/.exec(readme);
const operations = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)]
  .map((match) => match[1])
  .filter((block) => /^(query|mutation) /.test(block));

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

it('every example operation in the README runs without errors', async () => {
  const names = operations.flatMap((block) => [...block.matchAll(/^(?:query|mutation) (\w+)/gm)].map((match) => match[1]));
  expect(names).toEqual(['UserWithAssets', 'AddOne', 'AddMany']);
  for (const block of operations) {
    for (const [, name] of block.matchAll(/^(?:query|mutation) (\w+)/gm)) {
      const result = await harness.raw(block, undefined, bearer(harness.tokens.fairway), name);
      expect({ name, errors: result.errors }).toEqual({ name, errors: undefined });
    }
  }
});
