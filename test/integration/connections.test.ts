/** Relay connections over the page-numbered lists: whole lists in one request, cursors that continue. */
import { bearer, startHarness, type Harness } from '../support/harness';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness.stop());
beforeEach(() => harness.simulator.clearLog());

interface Page<Node> {
  totalCount: number;
  nodes: Node[];
  edges: Array<{ cursor: string; node: Node }>;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}
const ask = <T>(query: string, variables?: object) => harness.raw<T>(query, variables, bearer(harness.tokens.fairway));
const USERS = `query($first: Int, $after: String) { usersConnection(first: $first, after: $after) {
  totalCount nodes { email } edges { cursor node { email } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`;

it('a run of users, then the next from its endCursor, in list order; only the upstream pages covering each are fetched', async () => {
  const users = harness.companies.fairway.users;
  const first = await ask<{ usersConnection: Page<{ email: string }> }>(USERS, { first: 25 });
  expect(first.errors).toBeUndefined();
  const page = first.data!.usersConnection;
  expect(page.nodes.map((user) => user.email)).toEqual(users.slice(0, 25).map((user) => user.email));
  expect(page.edges.map((edge) => edge.node)).toEqual(page.nodes);
  expect(page).toMatchObject({
    totalCount: users.length,
    pageInfo: { hasNextPage: true, hasPreviousPage: false, startCursor: page.edges[0].cursor, endCursor: page.edges[24].cursor },
  });
  expect(harness.simulator.requestLog.map((entry) => entry.query.page).sort()).toEqual(['1', '2', '3']);

  harness.simulator.clearLog();
  const next = await ask<{ usersConnection: Page<{ email: string }> }>(USERS, { first: 25, after: page.pageInfo.endCursor });
  expect(next.data!.usersConnection.nodes.map((user) => user.email)).toEqual(users.slice(25, 50).map((user) => user.email));
  expect(next.data!.usersConnection.pageInfo.hasPreviousPage).toBe(true);
  expect(harness.simulator.requestLog.map((entry) => entry.query.page).sort()).toEqual(['3', '4', '5']);
});

it('every user in one request: first up to 1,000, each upstream page once, fetched at once', async () => {
  const users = harness.companies.fairway.users;
  const all = await ask<{ usersConnection: Page<{ email: string }> }>(USERS, { first: 1000 });
  expect(all.data!.usersConnection.nodes).toHaveLength(users.length);
  expect(all.data!.usersConnection.pageInfo).toMatchObject({ hasNextPage: false });
  expect(harness.simulator.requestLog).toHaveLength(Math.ceil(users.length / 10));
  expect(all.extensions?.upstream?.requests).toBe(Math.ceil(users.length / 10));
});

it("every employee of a campaign through the campaigns' connection", async () => {
  const campaign = harness.companies.fairway.campaigns.find((entry) => entry.employees.length === 57)!;
  const result = await ask<{ campaignsConnection: Page<{ campaignNumber: string; employeesConnection: Page<{ email: string }> }> }>(
    // 50 campaigns of up to 1,000 employees: the cost check assumes every page full (50 x 11 calls).
    '{ campaignsConnection(first: 50) { totalCount nodes { campaignNumber employeesConnection(first: 1000) { totalCount nodes { email } } } } }',
  );
  expect(result.errors).toBeUndefined();
  const campaigns = result.data!.campaignsConnection;
  expect(campaigns.totalCount).toBe(harness.companies.fairway.campaigns.length);
  const found = campaigns.nodes.find((entry) => entry.campaignNumber === campaign.number)!;
  expect(found.employeesConnection.nodes.map((employee) => employee.email)).toEqual(campaign.employees.map((employee) => employee.email));
  expect(found.employeesConnection.totalCount).toBe(57);
});

it("one campaign's employees as a connection read each details page once, the campaign's own fields from the first", async () => {
  const campaign = harness.companies.fairway.campaigns.find((entry) => entry.employees.length === 57)!;
  const result = await ask<{ campaign: { title: string; employeesConnection: Page<{ email: string }> } }>(
    'query($number: ID!) { campaign(campaignNumber: $number) { title helpdeskEmail employeesConnection(first: 1000) { totalCount nodes { email } } } }',
    { number: campaign.number },
  );
  expect(result.errors).toBeUndefined();
  expect(result.data!.campaign.employeesConnection.nodes).toHaveLength(57);
  // 57 employees are one page of 100: one upstream read, not the campaign's page of 10 and then the connection's.
  expect(harness.simulator.requestLog.map((entry) => `${entry.path}?page=${entry.query.page}&limit=${entry.query.limit}`)).toEqual([
    `/recover/employees/details/${campaign.number}?page=1&limit=100`,
  ]);
});

it.each([
  ['a cursor that is not one', { first: 5, after: 'bm90LWEtY3Vyc29y' }, 'after'],
  ["another list's cursor", { first: 5, after: Buffer.from('v1:assets:3').toString('base64url') }, 'after'],
  ['more than 1,000 items', { first: 1001 }, 'first'],
  ['no item at all', { first: 0 }, 'first'],
])('%s is BAD_USER_INPUT, and nothing is sent', async (_name, variables, field) => {
  const result = await ask(USERS, variables);
  expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  expect(JSON.stringify(result.errors?.[0].extensions)).toContain(field);
  expect(harness.simulator.requestLog).toHaveLength(0);
});
