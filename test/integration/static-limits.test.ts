/**
 * The static limits refuse hostile documents before execution and before any upstream call, and admit
 * every shipped operation (the other suites run them) and the largest legitimate document: a bulk-add
 * of 100 employees with 5 items each, written inline.
 */
import { startHarness, type Harness } from '../support/harness';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness.stop());
beforeEach(() => harness.reset());

const nested = (depth: number) =>
  `{ users { items { ${'assignedAssets { assignedUser { '.repeat(Math.ceil(depth / 2))}email${' } }'.repeat(Math.ceil(depth / 2))} } } }`;

it.each<[string, string, string, RegExp]>([
  ['16 levels deep', nested(14), 'GRAPHQL_VALIDATION_FAILED', /depth limit of 15/],
  [
    '101 aliases',
    `{ ${Array.from({ length: 101 }, (_, i) => `a${i}: asset(assetId: "A-${i}") { assetId }`).join(' ')} }`,
    'GRAPHQL_VALIDATION_FAILED',
    /Aliases limit of 100/i,
  ],
  [
    '21 directives',
    `{ users { pageInfo { page ${Array.from({ length: 21 }, () => '@include(if: true)').join(' ')} } } }`,
    'GRAPHQL_VALIDATION_FAILED',
    /Directives limit of 20/i,
  ],
  [
    '20,001 tokens',
    `query (${Array.from({ length: 6_700 }, (_, i) => `$v${i}: Int`).join(' ')}) { __typename }`,
    'GRAPHQL_PARSE_FAILED',
    /more tha[nt] 20000 tokens/,
  ],
])('refuses %s before execution, with nothing sent upstream', async (_name, query, code, message) => {
  const result = await harness.raw(query, undefined, { authorization: `Bearer ${harness.tokens.fairway}` });
  expect(result.data).toBeUndefined();
  expect(result.errors?.[0].extensions?.code).toBe(code);
  expect(result.errors?.[0].message).toMatch(message);
  expect(harness.simulator.requestLog).toHaveLength(0);
});

it('admits the largest legitimate document: a bulk-add of 100 employees with 5 items each, inline', async () => {
  const item = (j: number) =>
    `{ name: "MacBook Pro 16 inch ${j}", serialNumber: "C02XL0XXXXX${j}", assetId: "IT-APPLE-00${j}", imei: "356938035643809", customField1: "one", customField2: "two", legalHold: true }`;
  const employee = (i: number) =>
    `{ email: "employee.${i}@company.example", firstName: "First", lastName: "Last ${i}", phone: "+14155550123", addressLine1: "1 Long Street", addressLine2: "Suite 2", ` +
    `city: "San Francisco", state: "California", zip: "94105", country: "US", recoveryReason: OTHER, recoveryReasonNote: "A note", items: [${[0, 1, 2, 3, 4].map(item).join(' ')}] }`;
  // An unknown campaign: the document passes every static limit, then the upstream answers 404.
  const query = `mutation { bulkAddRecoveryEmployees(input: { campaignNumber: "99999999999999", employees: [${Array.from({ length: 100 }, (_, i) => employee(i)).join(' ')}] }) { recoveryCodes } }`;
  const result = await harness.raw(query, undefined, { authorization: `Bearer ${harness.tokens.fairway}` });
  expect(result.errors?.[0].extensions?.code).toBe('NOT_FOUND');
});

describe('the upstream-call budget of one operation (MAX_UPSTREAM_CALLS)', () => {
  it('stops sending once it is used: the remaining fields fail with UPSTREAM_BUDGET_EXCEEDED', async () => {
    const small = await startHarness({ gateway: { traffic: { maxCallsPerOperation: 5 } } });
    try {
      const query = `{ ${Array.from({ length: 8 }, (_, i) => `u${i}: user(email: "nobody.${i}@fairway.example") { email }`).join(' ')} }`;
      const result = await small.raw<Record<string, unknown>>(query, undefined, { authorization: `Bearer ${small.tokens.fairway}` });
      expect(small.simulator.requestLog).toHaveLength(5);
      const codes = (result.errors ?? []).map((error) => error.extensions?.code);
      expect(codes).toEqual(['UPSTREAM_BUDGET_EXCEEDED', 'UPSTREAM_BUDGET_EXCEEDED', 'UPSTREAM_BUDGET_EXCEEDED']);
      expect(Object.values(result.data!).filter((value) => value === null)).toHaveLength(8);
    } finally {
      await small.stop();
    }
  });
});
