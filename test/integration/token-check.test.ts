/**
 * Verify before fan-out: a token the upstream refuses costs one upstream call however many lookups
 * the operation holds, and none when it comes back; a good token's first operation sends one call
 * alone, then the rest.
 */
import { bearer, startHarness, type Harness } from '../support/harness';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness.stop());
beforeEach(() => harness.reset());

const aliasedLookups = (count: number) =>
  `{ ${Array.from({ length: count }, (_, i) => `a${i}: asset(assetId: "LOOKUP-${i}") { assetId }`).join(' ')} }`;

it('a garbage token behind 100 aliased lookups costs one upstream call, and none when repeated', async () => {
  const first = await harness.raw(aliasedLookups(100), undefined, bearer('garbage-token'));
  expect(harness.simulator.requestLog.map((entry) => entry.status)).toEqual([401]);
  expect(first.errors).toHaveLength(100);
  expect(new Set(first.errors!.map((error) => error.extensions?.code))).toEqual(new Set(['UNAUTHENTICATED']));

  const again = await harness.raw(aliasedLookups(100), undefined, bearer('garbage-token'));
  expect(again.errors?.[0].message).toMatch(/refused this token a moment ago/);
  expect(harness.simulator.requestLog).toHaveLength(1);
});

it("a good token's first operation sends one call, waits for its answer, then the rest", async () => {
  const token = harness.simulator.tokenFor(318);
  const assets = harness.companies.northwind.assets.slice(0, 6);
  const query = `{ ${assets.map((asset, i) => `a${i}: asset(assetId: "${asset.assetId}") { assetId }`).join(' ')} }`;
  harness.simulator.setConditions({ latencyMs: 50 });
  const result = await harness.raw<Record<string, { assetId: string }>>(query, undefined, bearer(token));
  expect(result.errors).toBeUndefined();
  const [verifier, ...rest] = harness.simulator.requestLog;
  expect(rest).toHaveLength(5);
  // Each of the rest arrived after the verifying call had been answered (50 ms), and together.
  expect(rest.filter((entry) => entry.at < verifier.at + 50)).toEqual([]);
  expect(harness.simulator.peakInFlight).toBe(5);
});
