/**
 * The traffic policy against the simulator's faults, over HTTP: retries of reads (and only of reads),
 * Retry-After, the retry budget, the deadline, the circuit breaker, stale-if-error, the process-wide
 * in-flight cap, queue time outside the timeout, and fairness between tenants. Counts and order from
 * the simulator's log; no timing targets.
 */
import { CampaignDetailsDocument, RecoveryReportDocument, UsersPageDocument } from '../../schema/generated/operations';
import { loadConfig } from '../../src/config';
import { bearer, startHarness, type Harness } from '../support/harness';
import { ManualClock } from '../support/manual-clock';
import { callLines } from '../support/request-log';

const statuses = (harness: Harness) => harness.simulator.requestLog.map((entry) => entry.status);

describe('retries of reads', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ gateway: { upstreamTimeoutMs: 1_000, traffic: { breakerFailures: 1_000 } } });
  });
  afterAll(() => harness.stop());
  beforeEach(() => harness.reset());

  it.each<[string, Parameters<Harness['simulator']['injectFault']>[0]]>([
    ['503', { path: '/users', status: 503, times: 1 }],
    ['500', { path: '/users', status: 500, times: 1 }],
    ['429', { path: '/users', status: 429, times: 1 }],
    ['a cut connection', { path: '/users', cut: true, times: 1 }],
  ])('a read that failed with %s is retried and succeeds', async (_name, fault) => {
    harness.simulator.injectFault(fault);
    const result = await harness.request(UsersPageDocument, { page: 1 });
    expect(result.errors).toBeUndefined();
    expect(result.data!.users.items).toHaveLength(10);
    expect(result.extensions?.upstream).toMatchObject({ requests: 2, retries: 1 });
    expect(harness.simulator.requestLog.map((entry) => entry.path)).toEqual(['/users', '/users']);
  });

  it('a 4xx is the answer, never retried', async () => {
    harness.simulator.injectFault({ path: '/users', status: 404, times: 1 });
    const result = await harness.request(UsersPageDocument, { page: 1 });
    expect(result.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(statuses(harness)).toEqual([404]);
  });

  it('waits for the Retry-After of a 429 before asking again', async () => {
    harness.simulator.injectFault({ path: '/users', status: 429, headers: { 'retry-after': '1' }, times: 1 });
    const result = await harness.request(UsersPageDocument, { page: 1 });
    expect(result.errors).toBeUndefined();
    const [refused, retried] = harness.simulator.requestLog;
    expect([refused.status, retried.status]).toEqual([429, 200]);
    expect(retried.at - refused.at).toBeGreaterThanOrEqual(1_000);
  });

  it('gives up after UPSTREAM_RETRIES retries and reports the last failure at its field, with its Retry-After', async () => {
    harness.simulator.injectFault({ path: '/users', status: 503, headers: { 'retry-after': '0' } });
    const result = await harness.request(UsersPageDocument, { page: 1 });
    expect(result.errors?.[0]).toMatchObject({
      path: ['users'],
      extensions: { code: 'UPSTREAM_ERROR', retryAfter: 0, upstream: { status: 503 } },
    });
    expect(statuses(harness)).toEqual([503, 503, 503, 503, 503]);
    expect(result.extensions?.upstream).toMatchObject({ requests: 5, retries: 4 });
  });

  it('never retries a write: one POST, and the outcome is said to be unknown', async () => {
    const campaign = harness.companies.fairway.campaigns[4];
    harness.simulator.injectFault({ method: 'POST', path: '/recover/campaign/employee/bulk-add', status: 503, times: 1 });
    const result = await harness.raw(
      'mutation ($input: BulkAddRecoveryEmployeesInput!) { bulkAddRecoveryEmployees(input: $input) { recoveryCodes } }',
      {
        input: {
          campaignNumber: campaign.number,
          employees: [
            {
              email: 'once@fairway.example',
              firstName: 'A',
              lastName: 'B',
              phone: '4155550123',
              addressLine1: '1 Main St',
              city: 'Austin',
              state: 'TX',
              zip: '73301',
              country: 'US',
              items: [{ name: 'Laptop' }],
            },
          ],
        },
      },
      bearer(harness.tokens.fairway),
    );
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'UPSTREAM_ERROR', outcome: 'UNKNOWN' });
    expect(callLines(harness.simulator.requestLog)).toEqual(['POST /recover/campaign/employee/bulk-add 503']);
  });
});

describe('limits on retrying', () => {
  it('retries stop at the budget: a failing upstream sees its load grow by the budget, not by the retries allowed', async () => {
    const harness = await startHarness({ gateway: { traffic: { breakerFailures: 1_000, retryBudgetRatio: 0.2 } } });
    try {
      harness.simulator.setConditions({ failureRate: 1 });
      const pages = Array.from({ length: 20 }, (_, index) => index + 1);
      const results = await Promise.all(pages.map((page) => harness.request(UsersPageDocument, { page })));
      expect(results.every((result) => result.errors?.[0].extensions?.code === 'UPSTREAM_ERROR')).toBe(true);
      // 20 first attempts; the budget's floor is 10 retries in its 10 s window (20% of 30 calls is 6),
      // where UPSTREAM_RETRIES alone would have allowed 80.
      expect(harness.simulator.requestCount).toBe(30);
    } finally {
      await harness.stop();
    }
  });

  it("retries stop at the operation's deadline: a Retry-After past it ends the read at once", async () => {
    const harness = await startHarness({ gateway: { traffic: { deadlineMs: 500, breakerFailures: 1_000 } } });
    try {
      harness.simulator.injectFault({ path: '/users', status: 503, headers: { 'retry-after': '2' } });
      const result = await harness.request(UsersPageDocument, { page: 1 });
      expect(result.errors?.[0].extensions).toMatchObject({ code: 'UPSTREAM_ERROR', retryAfter: 2 });
      expect(statuses(harness)).toEqual([503]);
    } finally {
      await harness.stop();
    }
  });

  it('a call still queued when the deadline passes is never sent', async () => {
    const harness = await startHarness({ gateway: { upstreamTimeoutMs: 5_000, traffic: { deadlineMs: 300, maxInFlight: 1 } } });
    try {
      harness.simulator.setConditions({ latencyMs: 200 });
      const campaign = harness.companies.fairway.campaigns[0];
      const result = await harness.request(RecoveryReportDocument, { campaignNumber: campaign.number });
      expect(result.errors?.some((error) => /deadline/.test(error.message))).toBe(true);
      // With one call at a time and 200 ms each, at most two fit in 300 ms.
      expect(harness.simulator.requestCount).toBeLessThanOrEqual(2);
    } finally {
      await harness.stop();
    }
  });
});

describe('the circuit breaker', () => {
  it('opens after repeated failures, fails fast without a call, lets a probe through, and closes', async () => {
    const harness = await startHarness({ gateway: { traffic: { retries: 0, breakerFailures: 2, breakerHalfOpenMs: 200 } } });
    try {
      harness.simulator.setConditions({ failureRate: 1 });
      for (const page of [1, 2]) {
        expect((await harness.request(UsersPageDocument, { page })).errors?.[0].extensions?.code).toBe('UPSTREAM_ERROR');
      }
      const fast = await harness.request(UsersPageDocument, { page: 3 });
      expect(fast.errors?.[0].extensions).toMatchObject({
        code: 'UPSTREAM_UNAVAILABLE',
        retryAfter: 1,
        upstream: { endpoint: 'GET /users' },
      });
      expect(harness.simulator.requestCount).toBe(2);

      harness.simulator.setConditions({});
      let probe = fast;
      for (let attempt = 0; attempt < 100 && probe.errors; attempt += 1) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        probe = await harness.request(UsersPageDocument, { page: 4 });
      }
      expect(probe.errors).toBeUndefined();
      expect(harness.simulator.requestCount).toBe(3);
      expect((await harness.request(UsersPageDocument, { page: 5 })).errors).toBeUndefined();
      const transitions = harness.logLines
        .filter((line) => line.includes('upstream circuit breaker'))
        .map((line) => JSON.parse(line).breaker);
      expect(transitions).toEqual(['open', 'half-open', 'closed']);
    } finally {
      await harness.stop();
    }
  });

  it('a 429 slows the gateway down but never opens the breaker', async () => {
    const harness = await startHarness({ gateway: { traffic: { retries: 0, breakerFailures: 2 } } });
    try {
      harness.simulator.injectFault({ path: '/users', status: 429, headers: { 'retry-after': '0' }, times: 3 });
      for (const page of [1, 2, 3]) await harness.request(UsersPageDocument, { page });
      expect((await harness.request(UsersPageDocument, { page: 4 })).errors).toBeUndefined();
    } finally {
      await harness.stop();
    }
  });
});

describe('stale if error', () => {
  const clock = new ManualClock();
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({
      simulator: { clock },
      gateway: { clock, cache: loadConfig({}).cache, traffic: { retries: 0, breakerFailures: 1_000 } },
    });
  });
  afterAll(() => harness.stop());
  beforeEach(() => {
    harness.reset();
    clock.advance(3_600_000);
  });

  it("serves the same principal's expired answer when the upstream fails, and says how old it is", async () => {
    const token = harness.simulator.tokenFor(317);
    const fresh = await harness.request(UsersPageDocument, { page: 2 }, bearer(token));
    clock.advance(90_000); // past the 60 s TTL, within the 300 s stale window
    harness.simulator.setConditions({ failureRate: 1 });
    const stale = await harness.request(UsersPageDocument, { page: 2 }, bearer(token));
    expect(stale.errors).toBeUndefined();
    expect(stale.data).toEqual(fresh.data);
    expect(stale.extensions?.upstream).toMatchObject({ requests: 1, stale: 1, staleAnswers: [{ endpoint: 'GET /users', ageSeconds: 90 }] });
  });

  it("never serves another principal's answer, nor one past the stale window", async () => {
    await harness.request(UsersPageDocument, { page: 3 }, bearer(harness.simulator.tokenFor(317)));
    clock.advance(90_000);
    harness.simulator.setConditions({ failureRate: 1 });
    const other = await harness.request(UsersPageDocument, { page: 3 }, bearer(harness.simulator.tokenFor(318)));
    expect(other.errors?.[0].extensions?.code).toBe('UPSTREAM_ERROR');
    expect(other.extensions?.upstream).toMatchObject({ stale: 0 });

    harness.simulator.setConditions({});
    const token = harness.simulator.tokenFor(318);
    await harness.request(UsersPageDocument, { page: 1 }, bearer(token));
    clock.advance(361_000); // TTL + stale window passed
    harness.simulator.setConditions({ failureRate: 1 });
    const tooOld = await harness.request(UsersPageDocument, { page: 1 }, bearer(token));
    expect(tooOld.errors?.[0].extensions?.code).toBe('UPSTREAM_ERROR');
  });

  it("never serves an answer past its token's expiry", async () => {
    harness.simulator.tokenTtlSeconds = 120;
    const token = harness.simulator.tokenFor(317);
    harness.simulator.tokenTtlSeconds = 4 * 3600;
    await harness.request(UsersPageDocument, { page: 4 }, bearer(token));
    clock.advance(121_000);
    harness.simulator.setConditions({ failureRate: 1 });
    const result = await harness.request(UsersPageDocument, { page: 4 }, bearer(token));
    expect(result.extensions?.upstream).toMatchObject({ stale: 0 });
    expect(result.data).toBeNull();
  });
});

describe('the process-wide scheduler', () => {
  it('never has more calls in flight than UPSTREAM_MAX_IN_FLIGHT, however many requests want them', async () => {
    const harness = await startHarness({ gateway: { upstreamMaxConcurrency: 64, traffic: { maxInFlight: 3 } } });
    try {
      harness.simulator.setConditions({ latencyMs: 20 });
      const campaign = harness.companies.fairway.campaigns[0];
      const reports = await Promise.all([1, 2].map(() => harness.request(RecoveryReportDocument, { campaignNumber: campaign.number })));
      expect(reports.map((report) => report.errors)).toEqual([undefined, undefined]);
      expect(harness.simulator.peakInFlight).toBe(3);
    } finally {
      await harness.stop();
    }
  });

  it('does not count time waiting in the queue against the timeout', async () => {
    const harness = await startHarness({ gateway: { upstreamTimeoutMs: 500, upstreamMaxConcurrency: 64, traffic: { maxInFlight: 2 } } });
    try {
      harness.simulator.setConditions({ latencyMs: 300 });
      const campaign = harness.companies.fairway.campaigns[1];
      const report = await harness.request(CampaignDetailsDocument, { campaignNumber: campaign.number, limit: 100 });
      const many = await Promise.all([1, 2, 3, 4].map((page) => harness.request(UsersPageDocument, { page })));
      expect([report, ...many].flatMap((result) => result.errors ?? [])).toEqual([]);
    } finally {
      await harness.stop();
    }
  });

  it("serves a tenant's small query while another tenant's reports fill the queue", async () => {
    const harness = await startHarness({ gateway: { upstreamMaxConcurrency: 64, traffic: { maxInFlight: 2 } } });
    try {
      harness.simulator.setConditions({ latencyMs: 30 });
      const campaign = harness.companies.fairway.campaigns[0];
      let reportsDone = 0;
      const reports = [1, 2, 3].map(() =>
        harness.request(RecoveryReportDocument, { campaignNumber: campaign.number }).then((result) => ((reportsDone += 1), result)),
      );
      // Wait until the reports are past their first level: their lookups now fill the queue.
      while (harness.simulator.requestCount < 6) await new Promise((resolve) => setImmediate(resolve));
      const small = await harness.request(UsersPageDocument, { page: 1 }, bearer(harness.tokens.northwind));
      expect(small.errors).toBeUndefined();
      expect(reportsDone).toBe(0);
      await Promise.all(reports);
    } finally {
      await harness.stop();
    }
  });
});
