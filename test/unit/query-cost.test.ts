/** The static estimate of upstream calls (core/graph/query-cost.ts), table by table, and the shipped operations. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { loadConfig } from '../../src/config';
import { ASSUMED_LIST_PAGES, estimateUpstreamCalls } from '../../src/core/graph/query-cost';
import { buildGatewaySchema } from '../../src/schema';

const operationsDir = path.resolve(__dirname, '../../schema/operations');
/** Every shipped document, the exports' included (schema/operations/**.graphql). */
const files = readdirSync(operationsDir, { recursive: true })
  .map(String)
  .filter((file) => file.endsWith('.graphql'));
const shipped = parse(files.map((file) => readFileSync(path.join(operationsDir, file), 'utf8')).join('\n'));
const operations = shipped.definitions.flatMap((definition) =>
  definition.kind === 'OperationDefinition' ? [(definition as OperationDefinitionNode).name!.value] : [],
);
const { maxQueryCost } = loadConfig({});
/** The seeded company's lists: 47 pages of users, 53 of assets, 2 of campaigns. */
const known = { get: (list: string) => ({ users: 47, assets: 53, campaigns: 2 })[list] };

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildGatewaySchema();
});
const estimate = (query: string, counts?: typeof known) => estimateUpstreamCalls(schema, parse(query), undefined, {}, counts);

describe('estimated upstream calls', () => {
  it.each([
    ['a page is one call, whatever it selects', '{ users { items { email assignedAssets { assetId } } } }', 1],
    ['one lookup', '{ user(email: "a@b.c") { email } }', 1],
    [
      'each campaign of a page needs its employees page',
      '{ campaigns(limit: 3) { items { employees(limit: 4) { items { email } } } } }',
      1 + 3,
    ],
    [
      'fields served by one details request count once per campaign',
      '{ campaigns(limit: 5) { items { helpdeskEmail totalEmployeeCount returnAddresses { name } } } }',
      1 + 5,
    ],
    [
      'each employee of a page looks its user up',
      '{ campaign(campaignNumber: "1") { employees(limit: 20) { items { user { email } } } } }',
      2 + 20,
    ],
    ["an asset's holder by name and email is embedded: free", '{ assets { items { assignedUser { email firstName lastName } } } }', 1],
    ['... through a fragment too', '{ assets { items { assignedUser { ...N } } } } fragment N on User { __typename lastName }', 1],
    ['a field beyond the embedded ones is a lookup per asset', '{ assets { items { assignedUser { email phone } } } }', 1 + 10],
    [
      'a connection fetches first / page size pages, +1 for a start between pages',
      '{ usersConnection(first: 1000) { nodes { email } } }',
      101,
    ],
    [
      'its items multiply what they ask',
      '{ campaignsConnection(first: 20) { nodes { employeesConnection(first: 250) { totalCount } } } }',
      2 + 20 * 4,
    ],
  ])('%s', (_name, query, expected) => {
    expect(estimate(query, known)).toBe(expected);
  });

  it("a list's lookups are bounded by its scan: its page count + 1, known or assumed", () => {
    const everyone =
      '{ campaigns(limit: 100) { items { employees(limit: 100) { items { user { email } items { asset { assetId assignedUser { phone } } } } } } } }';
    expect(estimate(everyone, known)).toBe(1 + 100 + (47 + 1) + (53 + 1));
    expect(estimate(everyone)).toBe(1 + 100 + 2 * (ASSUMED_LIST_PAGES + 1));
    expect(estimate(everyone)).toBeLessThanOrEqual(maxQueryCost);
  });

  it('a query that would fan out is still over the limit: pages multiplied by aliases', () => {
    const pages = Array.from({ length: 10 }, (_, i) => `e${i}: employees(limit: 100, page: ${i + 1}) { items { email } }`).join(' ');
    expect(estimate(`{ campaigns(limit: 100) { items { ${pages} } } }`)).toBeGreaterThan(maxQueryCost);
  });

  it.each(operations)('the shipped operation %s fits the default limit with its largest pages', (name) => {
    expect(estimateUpstreamCalls(schema, shipped, name, { limit: 100, campaignNumber: '1', page: 1, email: 'x' })).toBeLessThanOrEqual(
      maxQueryCost,
    );
  });
});
