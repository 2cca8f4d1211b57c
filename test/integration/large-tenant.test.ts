/**
 * A tenant 20 times the demo's (9,300 users in 930 pages, 10,460 assets, a campaign of 1,140
 * employees). The cost check's verdict does not depend on what the gateway saw before: unknown list
 * sizes are read first (page 1 of each list looked up, one call each), an operation the budget cannot
 * pay is refused before any other call, with how to page it, and the advice it gives fits. Exports
 * read every list to its end.
 */
import fetch from 'node-fetch';
import { print } from 'graphql';
import { AllCampaignsReportDocument } from '../../schema/generated/operations';
import { bearer, startHarness, type Harness } from '../support/harness';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness({ simulator: { scale: 20 } });
});
afterAll(() => harness.stop());
beforeEach(() => harness.simulator.clearLog());

const reads = () =>
  harness.simulator.requestLog.map((entry) => `${entry.path}?${new URLSearchParams(entry.query as Record<string, string>)}`);
const ask = (query: string, token = harness.tokens.fairway) => harness.raw(query, undefined, bearer(token));

it('a report the budget cannot pay is refused after reading the unknown sizes (page 1 of users and assets), nothing else', async () => {
  const first = await ask(print(AllCampaignsReportDocument));
  expect(first.data).toBeUndefined();
  expect(first.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', maxCost: 1_000 });
  expect(reads().sort()).toEqual(['/assets?page=1', '/users?page=1']);

  // Asked again with the sizes known: the same verdict and estimate, and no call at all.
  harness.simulator.clearLog();
  const again = await ask(print(AllCampaignsReportDocument));
  expect(again.errors?.[0].extensions).toEqual(first.errors?.[0].extensions);
  expect(reads()).toEqual([]);
});

it('the refusal says how to page within the budget, and the paged query it describes runs within it', async () => {
  const query =
    '{ campaigns(limit: 100) { items { employees(limit: 100) { items { email user { phone } items { asset { assetId assignedUser { phone } } } } } } } }';
  const refused = await ask(query);
  const paging = refused.errors?.[0].extensions?.paging as string;
  expect(refused.errors?.[0].message).toContain(`page it: ${paging}`);
  // campaigns(limit: 1) with campaigns.items.employees(limit: N): each list at the size it names.
  const advised = [...paging.matchAll(/([\w.]+)\((limit|first): (\d+)\)/g)].map(([, path, argument, size]) => ({ path, argument, size }));
  expect(advised.map((entry) => entry.path)).toEqual(['campaigns', 'campaigns.items.employees']);
  let paged = query;
  for (const { path, argument, size } of advised)
    paged = paged.replace(`${path.split('.').pop()}(${argument}: 100)`, `${path.split('.').pop()}(${argument}: ${size})`);

  harness.simulator.clearLog();
  const result = await ask(paged);
  expect(result.errors).toBeUndefined();
  expect(result.extensions?.upstream).toMatchObject({ failed: 0 });
  expect((result.extensions?.upstream as { requests: number }).requests).toBeLessThanOrEqual(300);
});

it('a report whose lookups fit one call per key reads no size first', async () => {
  const result = await ask('{ users(page: 2) { items { email assignedAssets { assetId } } } }');
  expect(result.errors).toBeUndefined();
  expect(reads()).toEqual(['/users?page=2']);
});

describe('exports of a large tenant', () => {
  it('a campaign of over 1,000 employees exports every one of them, each page of its details read once', async () => {
    const campaign = harness.companies.fairway.campaigns.reduce((largest, entry) =>
      entry.employees.length > largest.employees.length ? entry : largest,
    );
    expect(campaign.employees.length).toBeGreaterThan(1000);
    const response = await fetch(harness.endpoint.replace('/graphql', `/export/employees.csv?campaign=${campaign.number}`), {
      headers: bearer(harness.tokens.fairway),
    });
    const lines = (await response.text()).trimEnd().split('\n');
    expect(lines.at(-1)).not.toMatch(/^#TRUNCATED/);
    expect(lines).toHaveLength(1 + campaign.employees.length);
    const pages = harness.simulator.requestLog.filter((entry) => entry.path.includes(campaign.number)).map((entry) => entry.query.page);
    expect(pages.sort()).toEqual(
      Array.from({ length: Math.ceil(campaign.employees.length / 100) }, (_, index) => String(index + 1)).sort(),
    );
  });
});
