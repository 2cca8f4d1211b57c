/**
 * The session against the simulator (no GraphQL): each distinct GET once, one re-login and one retry
 * of a read refused with 401 when the gateway holds the credentials, writes never retried, and a
 * successful write forgets the reads its endpoint declares stale.
 */
import { fetchUsersPage } from '../../src/apps/manage/rest';
import { postAddEmployee } from '../../src/apps/recover/rest';
import { toEmployeeWrite } from '../../src/apps/recover/employee-add.wire';
import { fetchCampaignDetails } from '../../src/apps/recover/rest';
import { endpoint } from '../../src/core/http/endpoint';
import { UpstreamClient } from '../../src/core/http/upstream-client';
import { UpstreamSession } from '../../src/core/upstream/session';
import { createLogger } from '../../src/core/logger';
import { DEFAULT_TRAFFIC, UpstreamTraffic } from '../../src/core/upstream/traffic';
import { ApiKeys } from '../../src/security/api-keys';
import { credentialsFor } from '../../src/security/credentials';
import { ServiceAccount } from '../../src/security/service-account';
import { DEMO_LOGIN } from '../../src/simulator/companies';
import { UnduitSimulator } from '../../src/simulator/server';
import { employeeInstance, usEmployee } from '../fixtures/recovery-input';
import { byName } from '../support/companies';
import { callLines } from '../support/request-log';

let simulator: UnduitSimulator;
let client: UpstreamClient;

beforeAll(async () => {
  simulator = new UnduitSimulator();
  client = new UpstreamClient({ baseUrl: await simulator.listen(0), timeoutMs: 2_000 });
});
afterAll(async () => {
  client.close();
  await simulator.stop();
});
beforeEach(() => {
  simulator.clearLog();
  simulator.clearFaults();
});

/** A session acting as the demo service account, signed in once before the test's calls. */
async function serviceSession() {
  const account = new ServiceAccount(client, DEMO_LOGIN);
  const credentials = credentialsFor({}, { serviceAccount: account, apiKeys: new ApiKeys([]), allowAnonymous: true });
  await credentials.token();
  simulator.clearLog();
  const traffic = new UpstreamTraffic(client, { ...DEFAULT_TRAFFIC, retries: 0 }, createLogger('silent'));
  return new UpstreamSession(traffic, credentials, { maxConcurrency: 4, dedupe: true, deadlineMs: 10_000 });
}

describe('UpstreamSession', () => {
  it('sends each distinct GET once, however many callers ask', async () => {
    const session = await serviceSession();
    await Promise.all([fetchUsersPage(session, { page: 2 }), fetchUsersPage(session, { page: 2 }), fetchUsersPage(session, { page: 3 })]);
    await fetchUsersPage(session, { page: 2 });
    expect(callLines(simulator.requestLog)).toEqual(['GET /users 200', 'GET /users 200']);
    expect(session.stats.requests).toBe(2);
  });

  it('after a 401 on a read, signs in again once and retries that read once', async () => {
    const session = await serviceSession();
    simulator.injectFault({ path: '/users', status: 401, times: 1 });
    await fetchUsersPage(session, { page: 1 });
    expect(callLines(simulator.requestLog)).toEqual(['GET /users 401', 'POST /auth/login 200', 'GET /users 200']);
  });

  it('a second 401 is the answer: no loop of sign-ins', async () => {
    const session = await serviceSession();
    simulator.injectFault({ path: '/users', status: 401, times: 2 });
    await expect(fetchUsersPage(session, { page: 1 })).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    expect(callLines(simulator.requestLog)).toEqual(['GET /users 401', 'POST /auth/login 200', 'GET /users 401']);
  });

  it.each([401, 500, 503])('never retries a write, even after %i', async (status) => {
    const session = await serviceSession();
    const campaign = byName(simulator.companies).fairway.campaigns[1];
    simulator.injectFault({ method: 'POST', path: '/recover/campaign/employee/add', status, times: 1 });
    const body = toEmployeeWrite(campaign.number, employeeInstance(usEmployee({ email: `never.retried.${status}@fairway.example` })));
    await expect(postAddEmployee(session, body)).rejects.toMatchObject({ extensions: { upstream: { status } } });
    expect(callLines(simulator.requestLog)).toEqual([`POST /recover/campaign/employee/add ${status}`]);
  });

  it("a successful write forgets the campaign's remembered reads, and tells the loaders", async () => {
    const session = await serviceSession();
    const invalidations: number[] = [];
    session.onInvalidate(() => invalidations.push(invalidations.length + 1));
    const campaign = byName(simulator.companies).fairway.campaigns[1];
    const details = { campaignNumber: campaign.number, page: 1, limit: 10 };
    await fetchCampaignDetails(session, details);
    await postAddEmployee(
      session,
      toEmployeeWrite(campaign.number, employeeInstance(usEmployee({ email: 'forgets.reads@fairway.example' }))),
    );
    await fetchCampaignDetails(session, details);
    expect(callLines(simulator.requestLog)).toEqual([
      `GET /recover/employees/details/${campaign.number} 200`,
      'POST /recover/campaign/employee/add 200',
      `GET /recover/employees/details/${campaign.number} 200`,
    ]);
    expect(invalidations).toEqual([1]);
  });
});

describe("an endpoint's own retry policy", () => {
  const scope = () => ({
    principal: 'p',
    deadlineAt: Date.now() + 10_000,
    takeCall: () => true,
    onSend: () => undefined,
    onRetry: () => undefined,
    onRecovered: () => undefined,
    onFailed: () => undefined,
  });

  it.each([
    ['the traffic policy (4 retries)', undefined, 5],
    ["its own (1 retry), below the traffic policy's", { retries: 1, reason: 'a test' }, 2],
  ])('a read of an endpoint with %s is sent as often as that allows', async (_name, retry, sent) => {
    const traffic = new UpstreamTraffic(client, { ...DEFAULT_TRAFFIC, retries: 4 }, createLogger('silent'));
    const users = endpoint('GET', '/users', { retry });
    simulator.injectFault({ path: '/users', status: 503, headers: { 'retry-after': '0' } });
    await expect(traffic.callsFor(scope()).read(users.request({}, { query: { page: 1 } }), simulator.tokenFor(317))).rejects.toMatchObject({
      extensions: { upstream: { status: 503 } },
    });
    expect(callLines(simulator.requestLog)).toEqual(Array(sent).fill('GET /users 503'));
  });
});
