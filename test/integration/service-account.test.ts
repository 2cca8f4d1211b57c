import { UsersPageDocument } from '../../schema/generated/operations';
import { DEMO_LOGIN } from '../../src/simulator/companies';
import { startHarness, type Harness } from '../support/harness';
import { callsTo } from '../support/request-log';

let harness: Harness;
const logins = () => callsTo(harness.simulator.requestLog, '/auth/login');

beforeAll(async () => {
  harness = await startHarness({ gateway: { serviceAccount: DEMO_LOGIN, allowAnonymous: true } });
});
afterAll(() => harness.stop());
beforeEach(() => harness.simulator.clearLog());

describe('the gateway signed in with its own account (the embedded demo)', () => {
  it('serves a request that brings no token, logging in once for 20 concurrent requests', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => harness.request(UsersPageDocument, { page: 1 }, {})));
    for (const result of results) expect(result.data?.users.pageInfo.totalCount).toBe(harness.companies.fairway.users.length);
    expect(logins()).toHaveLength(1);
    const later = await harness.request(UsersPageDocument, { page: 2 }, {});
    expect(later.errors).toBeUndefined();
    expect(logins()).toHaveLength(1);
  });

  it("still forwards a client's own token, which wins", async () => {
    const result = await harness.request(UsersPageDocument, { page: 1 }, { authorization: `Bearer ${harness.tokens.northwind}` });
    expect(result.data?.users.pageInfo.totalCount).toBe(harness.companies.northwind.users.length);
  });
});
