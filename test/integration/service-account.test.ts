import fetch from 'node-fetch';
import { UsersPageDocument } from '../../schema/generated/operations';
import { DEMO_LOGIN } from '../../src/simulator/companies';
import { startHarness, type Harness } from '../support/harness';
import { ManualClock } from '../support/manual-clock';
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

describe('sign-in storms', () => {
  it('an upstream refusing every read with 401 costs a few sign-ins, not one per request; backing off from 1 s to a minute', async () => {
    const clock = new ManualClock();
    const stormy = await startHarness({ gateway: { serviceAccount: DEMO_LOGIN, allowAnonymous: true, clock } });
    const signIns = () => callsTo(stormy.simulator.requestLog, '/auth/login').length;
    const fifty = async () => {
      for (let i = 0; i < 50; i += 1)
        expect((await stormy.request(UsersPageDocument, { page: 1 }, {})).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    };
    try {
      stormy.simulator.injectFault({ path: '/users', status: 401 });
      // The first sign-in, then one more after the first refusal; then nothing until the backoff passes.
      await fifty();
      expect(signIns()).toBe(2);
      const after: number[] = [];
      for (const ms of [999, 1, 2_000, 4_000, 60_000, 60_000]) {
        clock.advance(ms);
        await fifty();
        after.push(signIns());
      }
      expect(after).toEqual([2, 3, 4, 5, 6, 7]);
    } finally {
      await stormy.stop();
    }
  });

  it('readiness reports a service account that cannot sign in without signing in per probe', async () => {
    const wrong = await startHarness({
      gateway: { serviceAccount: { email: DEMO_LOGIN.email, password: 'not-the-password' }, allowAnonymous: true },
    });
    try {
      const readyz = wrong.endpoint.replace('/graphql', '/readyz');
      const answers = [];
      for (let i = 0; i < 100; i += 1) answers.push((await (await fetch(readyz)).json()) as { checks: { serviceAccount: string } });
      expect(answers.every((answer) => answer.checks.serviceAccount === 'cannot sign in')).toBe(true);
      expect(callsTo(wrong.simulator.requestLog, '/auth/login').length).toBeLessThanOrEqual(3);
    } finally {
      await wrong.stop();
    }
  });
});
