import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, type OperationDefinitionNode } from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import { loadConfig } from '../../src/config';
import { buildGatewaySchema } from '../../src/schema';

const operationsDir = path.resolve(__dirname, '../../schema/operations');
const document = parse(readdirSync(operationsDir).map((file) => readFileSync(path.join(operationsDir, file), 'utf8')).join('\n'));
const queries = document.definitions.flatMap((definition) =>
  definition.kind === 'OperationDefinition' && definition.operation === 'query' ? [(definition as OperationDefinitionNode).name!.value] : [],
);

async function costOf(operationName: string, variables: Record<string, unknown> = {}, query = document): Promise<number> {
  return getComplexity({
    schema: await buildGatewaySchema(),
    query,
    operationName,
    variables,
    estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
  });
}

const { maxQueryCost } = loadConfig({});

describe('query cost model', () => {
  it.each(queries)('the shipped query %s fits the default limit with its largest pages', async (name) => {
    const cost = await costOf(name, { limit: 100, campaignNumber: '1', page: 1, email: 'x' });
    expect(cost).toBeLessThanOrEqual(maxQueryCost);
  });

  it.each([
    ['a list multiplies its children by its size', '{ users { items { email } } }', 1 + 10 * (1 + 1)],
    ['limit sets the size of a page', '{ campaigns(limit: 3) { items { title } } }', 1 + 3 * (1 + 1)],
    ['nested lists multiply', '{ campaigns(limit: 2) { items { employees(limit: 4) { items { email } } } } }', 1 + 2 * (1 + (1 + 4 * (1 + 1)))],
  ])('%s', async (_name, query, expected) => {
    expect(await costOf(undefined as never, {}, parse(query))).toBe(expected);
  });

  it('prices campaigns x employees x items x asset x holder beyond the limit', async () => {
    const query = parse(`{ campaigns(limit: 100) { items { employees(limit: 100) { items { email items { asset { assetId assignedUser { email } } } } } } } }`);
    expect(await costOf(undefined as never, {}, query)).toBeGreaterThan(maxQueryCost);
  });
});
