/** The README's example query, run as written against the simulator: the front door must not lie. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { bearer, startHarness, type Harness } from '../support/harness';

const readme = readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');
const example = /```graphql\n(query UserWithAssets[\s\S]*?)```\s*```json\n([\s\S]*?)```/.exec(readme);

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness.stop());

it('the README example returns exactly the JSON the README shows, in one upstream request', async () => {
  expect(example).not.toBeNull();
  const [, query, json] = example!;
  const result = await harness.raw(query, undefined, bearer(harness.tokens.fairway));
  expect({ data: result.data }).toEqual(JSON.parse(json));
  expect(result.extensions?.upstream?.requests).toBe(1);
});
