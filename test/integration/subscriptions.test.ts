/**
 * `employeeChanged` over WebSocket with graphql-ws's own client, against a running gateway in front of
 * the simulator (polls every second here). The test moves recoveries through the simulator's data,
 * as time does upstream; the gateway sees them only through the documented details endpoint.
 */
import { ApolloClient, gql, HttpLink, InMemoryCache } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { createClient as createSseClient } from 'graphql-sse';
import { createClient, type Client } from 'graphql-ws';
import fetch from 'node-fetch';
import WebSocket from 'ws';
import { print } from 'graphql';
import { AddRecoveryEmployeeDocument } from '../../schema/generated/operations';
import { loadConfig } from '../../src/config';
import { DEFAULT_RATE_LIMITS } from '../../src/security/rate-limits';
import { DEMO_LOGIN } from '../../src/simulator/companies';
import { addInput, usEmployee } from '../fixtures/recovery-input';
import { startHarness, type Harness } from '../support/harness';
import { DOCUMENTED_SUBSCRIPTION, metricSample, moveStatus, statusChange, until, type Change } from '../support/live';
import { freePort } from '../support/redis-server';

let harness: Harness;
const clients: Client[] = [];
beforeAll(async () => {
  // A short head timeout: a quiet subscription socket outlives it (ws clears the socket's timeout on upgrade).
  harness = await startHarness({ gateway: { subscriptionsPollMs: 1_000, connectionTimeouts: { requestHeadMs: 300 } } });
});
afterAll(async () => {
  await Promise.all(clients.map((client) => client.dispose()));
  await harness.stop();
});

function connect(connectionParams: Record<string, string>, endpoint = harness.endpoint): Client {
  const client = createClient({
    url: endpoint.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams,
    retryAttempts: 0,
  });
  clients.push(client);
  return client;
}

function watch(client: Client, campaignNumber: string, query = DOCUMENTED_SUBSCRIPTION) {
  const events: Change[] = [];
  const errors: Array<{ message: string; extensions?: { code?: string } }> = [];
  let ended = false;
  const stop = client.subscribe<{ employeeChanged: Change }>(
    { query, variables: { campaignNumber } },
    {
      next: (result) => {
        if (result.data) events.push(result.data.employeeChanged);
        if (result.errors) errors.push(...(result.errors as typeof errors));
      },
      error: (error) => errors.push(...(Array.isArray(error) ? error : [{ message: String(error) }])),
      complete: () => (ended = true),
    },
  );
  return { events, errors, stop, ended: () => ended };
}

/** The status a WebSocket upgrade of `/graphql` gets: 101 when it opened (then it is closed). */
function upgradeStatus(endpoint: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(endpoint.replace(/^http/, 'ws'), 'graphql-transport-ws', { headers });
    socket.once('open', () => {
      socket.close();
      resolve(101);
    });
    socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    socket.once('error', () => undefined);
  });
}

const detailReads = (campaignNumber: string) =>
  harness.simulator.requestLog.filter((entry) => entry.path === `/recover/employees/details/${campaignNumber}`);
const pollers = () => metricSample(harness.endpoint, 'gateway_live_pollers{kind="watching"}');
const subscriptionsOver = (transport: string) => metricSample(harness.endpoint, `gateway_live_subscriptions{transport="${transport}"}`);

/** Once the campaign's baseline poll is done, a status change arrives as the first event collected. */
async function expectStatusEvent(campaignNumber: string, employee: { email: string; status: string }, events: Change[]): Promise<void> {
  await until(() => detailReads(campaignNumber).length >= 1, 'the baseline poll');
  const before = moveStatus(employee);
  await until(() => events.length >= 1, 'the event');
  expect(events[0]).toMatchObject({
    changedFields: ['status'],
    previousStatus: before,
    employee: { email: employee.email, status: employee.status },
  });
}

it('twenty subscribers of one caller share one poller: one read a poll, and each change reaches each subscriber once', async () => {
  const campaign = harness.companies.fairway.campaigns.find((entry) => entry.employees.length === 57)!;
  harness.simulator.clearLog();
  const watchers = Array.from({ length: 20 }, () => watch(connect({ authorization: `Bearer ${harness.tokens.fairway}` }), campaign.number));
  await until(() => detailReads(campaign.number).length >= 1, 'the baseline poll');
  expect(await pollers()).toBe(1);
  expect(await metricSample(harness.endpoint, 'gateway_live_pollers{kind="polling"}')).toBe(1);
  for (let tries = 0; (await subscriptionsOver('websocket')) < 20 && tries < 200; tries += 1)
    await new Promise((resolve) => setTimeout(resolve, 25));
  expect(await subscriptionsOver('websocket')).toBe(20);

  const employee = campaign.employees[3];
  const executions = await metricSample(harness.endpoint, 'gateway_live_executions_total');
  const moved = Date.now();
  const before = moveStatus(employee);
  await until(() => watchers.every((watcher) => watcher.events.length >= 1), 'the event at every subscriber');
  // The twenty are the same subscription of one caller: the event was resolved once for all of them.
  expect((await metricSample(harness.endpoint, 'gateway_live_executions_total')) - executions).toBe(1);
  // The event's relation (\`user\`) is resolved once for the twenty (no shared cache here): no read repeated.
  const relationReads = harness.simulator.requestLog
    .filter((entry) => entry.at >= moved && !entry.path.startsWith('/recover/employees/details/'))
    .map((entry) => `${entry.path}?${new URLSearchParams(entry.query).toString()}`);
  expect(relationReads.length).toBeGreaterThanOrEqual(1);
  expect(new Set(relationReads).size).toBe(relationReads.length);
  // Three more polls with nothing changed: no event.
  const reads = detailReads(campaign.number).length;
  await until(() => detailReads(campaign.number).length >= reads + 3, 'three more polls');
  for (const watcher of watchers) {
    expect(watcher.errors).toEqual([]);
    expect(watcher.events).toEqual([statusChange(campaign.number, employee, before)]);
  }
  // One read per poll for the twenty: polls are a second apart, never two reads of one poll.
  const times = detailReads(campaign.number).map((entry) => entry.at);
  for (let index = 1; index < times.length; index += 1) expect(times[index] - times[index - 1]).toBeGreaterThan(500);

  // The last subscriber leaving stops the poller: while another campaign's poller polls twice, this one reads nothing.
  const clock = harness.companies.fairway.campaigns.find((entry) => entry !== campaign && entry.employees.length > 0)!;
  const ticking = watch(connect({ authorization: `Bearer ${harness.tokens.fairway}` }), clock.number);
  await until(() => detailReads(clock.number).length >= 1, "the other campaign's baseline");
  for (const watcher of watchers) watcher.stop();
  const left = detailReads(campaign.number).length;
  const ticks = detailReads(clock.number).length;
  await until(() => detailReads(clock.number).length >= ticks + 2, "two of the other campaign's polls");
  expect(detailReads(campaign.number).length).toBeLessThanOrEqual(left + 1); // a poll already under way may finish
  expect(await pollers()).toBe(1);
  ticking.stop();
});

it("a campaign the caller cannot read (unknown, another company's) is NOT_FOUND before any event; a wrong key UNAUTHENTICATED", async () => {
  const unknown = watch(connect({ authorization: `Bearer ${harness.tokens.fairway}` }), '99999999999999');
  await until(() => unknown.errors.length > 0, 'the refusal');
  expect(unknown.errors[0].extensions?.code).toBe('NOT_FOUND');
  expect(unknown.events).toEqual([]);
  const northwindCampaign = harness.companies.northwind.campaigns[0].number;
  const other = watch(connect({ authorization: `Bearer ${harness.tokens.fairway}` }), northwindCampaign);
  await until(() => other.errors.length > 0, "the other company's refusal");
  expect(other.errors[0].extensions?.code).toBe('NOT_FOUND');
  const stranger = watch(connect({ 'x-api-key': 'not-one-of-the-gateway-keys' }), northwindCampaign);
  await until(() => stranger.errors.length > 0, 'the refusal of a wrong key');
  expect(stranger.errors[0].extensions?.code).toBe('UNAUTHENTICATED');
  expect([unknown, other, stranger].every((watcher) => watcher.events.length === 0)).toBe(true);
});

it('queries and mutations are not served over WebSocket', async () => {
  const client = connect({ authorization: `Bearer ${harness.tokens.fairway}` });
  const errors: Array<{ message: string; extensions?: { code?: string } }> = [];
  await new Promise<void>((resolve) =>
    client.subscribe(
      { query: '{ users { items { email } } }' },
      { next: () => undefined, error: (error) => (errors.push(...(error as typeof errors)), resolve()), complete: resolve },
    ),
  );
  expect(errors[0]?.extensions?.code).toBe('BAD_REQUEST');
});

it('over Server-Sent Events (graphql-sse, distinct connections): the same events, X-Accel-Buffering off', async () => {
  const campaign = harness.companies.fairway.campaigns.find((entry) => entry.employees.length > 3 && entry.employees.length < 57)!;
  const headers = { authorization: `Bearer ${harness.tokens.fairway}` };
  const raw = await fetch(harness.endpoint, {
    method: 'POST',
    headers: { ...headers, accept: 'text/event-stream', 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
  // Not a subscription: refused as an event stream of errors, not run.
  expect(raw.headers.get('x-accel-buffering')).toBe('no');
  expect(await raw.text()).toContain('BAD_REQUEST');

  const client = createSseClient({ url: harness.endpoint, headers, retryAttempts: 0 });
  const events: Change[] = [];
  harness.simulator.clearLog();
  const stop = client.subscribe<{ employeeChanged: Change }>(
    { query: DOCUMENTED_SUBSCRIPTION, variables: { campaignNumber: campaign.number } },
    { next: (result) => result.data && events.push(result.data.employeeChanged), error: () => undefined, complete: () => undefined },
  );
  try {
    await expectStatusEvent(campaign.number, campaign.employees[1], events);
    expect(await subscriptionsOver('sse')).toBe(1);
  } finally {
    stop();
    client.dispose();
  }
});

it("over multipart HTTP: Apollo Client's default HttpLink subscribes with no setup", async () => {
  const campaign = harness.companies.fairway.campaigns.find((entry) => entry.employees.length > 3 && entry.employees.length < 57)!;
  const client = new ApolloClient({
    link: new HttpLink({ uri: harness.endpoint, headers: { authorization: `Bearer ${harness.tokens.fairway}` } }),
    cache: new InMemoryCache(),
  });
  const events: Change[] = [];
  const errors: unknown[] = [];
  harness.simulator.clearLog();
  const subscription = client
    .subscribe<{ employeeChanged: Change }>({ query: gql(DOCUMENTED_SUBSCRIPTION), variables: { campaignNumber: campaign.number } })
    .subscribe({
      next: (result) => (result.data ? events.push(result.data.employeeChanged) : errors.push(result.error)),
      error: (error) => errors.push(error),
    });
  try {
    await expectStatusEvent(campaign.number, campaign.employees[2], events);
    expect(errors).toEqual([]);
    expect(await subscriptionsOver('multipart')).toBe(1);
  } finally {
    subscription.unsubscribe();
    client.stop();
  }
});

it('over multipart HTTP: a campaign the caller cannot read ends the stream with NOT_FOUND', async () => {
  const response = await fetch(harness.endpoint, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${harness.tokens.fairway}`,
      accept: 'multipart/mixed;boundary=graphql;subscriptionSpec=1.0,application/json',
      'content-type': 'application/json',
    },
    body: JSON.stringify({ query: DOCUMENTED_SUBSCRIPTION, variables: { campaignNumber: '99999999999999' } }),
  });
  expect(response.headers.get('content-type')).toContain('subscriptionSpec');
  const body = await response.text();
  expect(body).toContain('"code":"NOT_FOUND"');
  expect(body).not.toContain('"http"');
  expect(body.trimEnd().endsWith('--graphql--')).toBe(true);
});

it("a pass-through token that expires ends its subscription with one UNAUTHENTICATED error; another caller's goes on", async () => {
  const campaign = harness.companies.fairway.campaigns.find((entry) => entry.employees.length > 3 && entry.employees.length < 57)!;
  harness.simulator.tokenTtlSeconds = 2;
  const shortLived = harness.simulator.tokenFor(317);
  harness.simulator.tokenTtlSeconds = 4 * 3600;
  harness.simulator.clearLog();
  const expiring = watch(connect({ authorization: `Bearer ${shortLived}` }), campaign.number);
  const lasting = watch(connect({ authorization: `Bearer ${harness.tokens.fairway}` }), campaign.number);
  await until(() => expiring.ended(), 'the end of the expired subscription', 15_000);
  expect(expiring.events).toEqual([]);
  expect(expiring.errors.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
  expect(lasting.ended()).toBe(false);
  const employee = campaign.employees[0];
  moveStatus(employee);
  await until(() => lasting.events.length >= 1, 'the event for the caller whose token is good');
  lasting.stop();
});

it('limits: subscriptions per client and campaigns per caller are refused with RATE_LIMITED, before any poll', async () => {
  const limited = await startHarness({
    gateway: { subscriptionsPollMs: 1_000, subscriptionLimits: { perClient: 2, pollersPerPrincipal: 1 } },
  });
  const open: Client[] = [];
  try {
    const client = (token: string) => {
      const made = createClient({
        url: limited.endpoint.replace(/^http/, 'ws'),
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${token}` },
        retryAttempts: 0,
      });
      open.push(made);
      return made;
    };
    const [first, second] = limited.companies.fairway.campaigns.filter((entry) => entry.employees.length > 0);
    const reads = () => limited.simulator.requestLog.filter((entry) => entry.path.startsWith('/recover/employees/details/')).length;
    const subscribe = (token: string, campaign: string) => {
      const errors: Array<{ extensions?: { code?: string }; message: string }> = [];
      client(token).subscribe(
        { query: DOCUMENTED_SUBSCRIPTION, variables: { campaignNumber: campaign } },
        {
          next: (result) => result.errors && errors.push(...(result.errors as typeof errors)),
          error: () => undefined,
          complete: () => undefined,
        },
      );
      return errors;
    };
    const token = limited.tokens.fairway;
    subscribe(token, first.number);
    await until(() => reads() === 1, 'the first baseline');
    // A second campaign for the same caller: over its one poller.
    const otherCampaign = subscribe(token, second.number);
    await until(() => otherCampaign.length > 0, 'the refusal of a second campaign');
    expect(otherCampaign[0].extensions?.code).toBe('RATE_LIMITED');
    expect(otherCampaign[0].message).toMatch(/campaigns watched by this caller \(at most 1\)/);
    subscribe(token, first.number);
    for (
      let tries = 0;
      (await metricSample(limited.endpoint, 'gateway_live_subscriptions{transport="websocket"}')) < 2 && tries < 200;
      tries += 1
    )
      await new Promise((resolve) => setTimeout(resolve, 25));
    // A third subscription from the same client: over its two.
    const third = subscribe(token, first.number);
    await until(() => third.length > 0, 'the refusal of a third subscription');
    expect(third[0].message).toMatch(/subscriptions from this client \(at most 2\)/);
    expect(reads()).toBe(1);
  } finally {
    await Promise.all(open.map((made) => made.dispose()));
    await limited.stop();
  }
});

it('two callers watching one campaign cost two reads a poll; an upstream outage (503) or throttling (429) during polling delays the event, never drops or repeats it', async () => {
  const campaign = harness.companies.fairway.campaigns.find((entry) => entry.employees.length > 3 && entry.employees.length < 57)!;
  // Another token of the same company (another expiry, so another JWT): another principal.
  harness.simulator.tokenTtlSeconds = 3 * 3600;
  const other = harness.simulator.tokenFor(317);
  harness.simulator.tokenTtlSeconds = 4 * 3600;
  harness.simulator.clearLog();
  const first = watch(connect({ authorization: `Bearer ${harness.tokens.fairway}` }), campaign.number);
  const second = watch(connect({ authorization: `Bearer ${other}` }), campaign.number);
  await until(() => detailReads(campaign.number).length >= 2, 'both baselines');
  expect(await pollers()).toBe(2);
  const reads = detailReads(campaign.number).length;
  await until(() => detailReads(campaign.number).length >= reads + 4, 'two more polls of each');

  // Every poll fails for a while (retries included); the change made meanwhile arrives once, after.
  harness.simulator.injectFault({ path: `/recover/employees/details/${campaign.number}`, status: 503, times: 6 });
  const employee = campaign.employees[3];
  const before = moveStatus(employee);
  const executions = await metricSample(harness.endpoint, 'gateway_live_executions_total');
  await until(() => first.events.length >= 1 && second.events.length >= 1, 'the event after the outage', 20_000);
  // The same document and variables, but two callers: never one execution for both.
  expect((await metricSample(harness.endpoint, 'gateway_live_executions_total')) - executions).toBe(2);
  expect(detailReads(campaign.number).filter((entry) => entry.status === 503)).toHaveLength(6);
  const after = detailReads(campaign.number).length;
  await until(() => detailReads(campaign.number).length >= after + 4, 'two more polls of each');
  for (const watcher of [first, second]) {
    expect(watcher.errors).toEqual([]);
    expect(watcher.events.map((event) => [event.employee.recoveryId, event.previousStatus])).toEqual([[employee.recoveryId, before]]);
  }

  // Throttled for a while (429): the next change too arrives once, after.
  harness.simulator.injectFault({ path: `/recover/employees/details/${campaign.number}`, status: 429, times: 6 });
  const throttled = campaign.employees[4];
  const throttledBefore = moveStatus(throttled);
  await until(() => first.events.length >= 2 && second.events.length >= 2, 'the event after the throttling', 20_000);
  expect(detailReads(campaign.number).filter((entry) => entry.status === 429)).toHaveLength(6);
  const settled = detailReads(campaign.number).length;
  await until(() => detailReads(campaign.number).length >= settled + 4, 'two more polls of each');
  for (const watcher of [first, second]) {
    expect(watcher.events.slice(1).map((event) => [event.employee.recoveryId, event.previousStatus])).toEqual([
      [throttled.recoveryId, throttledBefore],
    ]);
  }
  const metrics = await (await fetch(harness.endpoint.replace('/graphql', '/metrics'))).text();
  expect(Number(/gateway_live_polls_total\{outcome="failed"\} (\d+)/.exec(metrics)?.[1])).toBeGreaterThanOrEqual(1);
  expect(Number(/gateway_live_events_total (\d+)/.exec(metrics)?.[1])).toBeGreaterThanOrEqual(2);
  // Upstream reads per event: every successful poll's reads are counted (one page each here).
  expect(Number(/gateway_live_poll_reads_total (\d+)/.exec(metrics)?.[1])).toBeGreaterThanOrEqual(8);
  first.stop();
  second.stop();
});

it("with Apollo Client's GraphQLWsLink over WebSocket", async () => {
  const campaign = harness.companies.fairway.campaigns.find((entry) => entry.employees.length > 3 && entry.employees.length < 57)!;
  const client = new ApolloClient({
    link: new GraphQLWsLink(connect({ authorization: `Bearer ${harness.tokens.fairway}` })),
    cache: new InMemoryCache(),
  });
  const events: Change[] = [];
  harness.simulator.clearLog();
  const subscription = client
    .subscribe<{ employeeChanged: Change }>({ query: gql(DOCUMENTED_SUBSCRIPTION), variables: { campaignNumber: campaign.number } })
    .subscribe({ next: (result) => result.data && events.push(result.data.employeeChanged) });
  try {
    await expectStatusEvent(campaign.number, campaign.employees[0], events);
  } finally {
    subscription.unsubscribe();
    client.stop();
  }
});

it("a poll always asks the upstream, and the caller's next query of the page is answered by what it left in the shared cache", async () => {
  const cached = await startHarness({ gateway: { subscriptionsPollMs: 1_000, cache: loadConfig({}).cache } });
  try {
    await pollRefreshesCache(cached);
  } finally {
    await cached.stop();
  }
});

async function pollRefreshesCache(harness: Harness): Promise<void> {
  const campaign = harness.companies.fairway.campaigns.find((entry) => entry.employees.length > 3 && entry.employees.length < 57)!;
  const detailReads = (campaignNumber: string) =>
    harness.simulator.requestLog.filter((entry) => entry.path === `/recover/employees/details/${campaignNumber}`);
  const watcher = watch(connect({ authorization: `Bearer ${harness.tokens.fairway}` }, harness.endpoint), campaign.number);
  // Two polls after the baseline: each a read, though the first left the page cached.
  await until(() => detailReads(campaign.number).length >= 3, 'the baseline and two polls');
  const reads = detailReads(campaign.number).length;
  const response = await fetch(harness.endpoint, {
    method: 'POST',
    headers: { authorization: `Bearer ${harness.tokens.fairway}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      query: 'query ($n: ID!) { campaign(campaignNumber: $n) { employees(limit: 100) { items { email status } } } }',
      variables: { n: campaign.number },
    }),
  });
  const answer = (await response.json()) as { data: { campaign: { employees: { items: unknown[] } } }; extensions: { upstream: object } };
  expect(answer.data.campaign.employees.items).toHaveLength(campaign.employees.length);
  expect(answer.extensions.upstream).toMatchObject({ requests: 0, cacheHits: 1 });
  expect(detailReads(campaign.number).length).toBeLessThanOrEqual(reads + 1); // a poll may have come meanwhile
  watcher.stop();
}

it('an employee added to the campaign (here by our mutation) is an event: every field changed, no previous status', async () => {
  const campaign = harness.companies.fairway.campaigns.find((entry) => entry.employees.length > 3 && entry.employees.length < 57)!;
  harness.simulator.clearLog();
  const watcher = watch(connect({ authorization: `Bearer ${harness.tokens.fairway}` }), campaign.number);
  await until(() => detailReads(campaign.number).length >= 1, 'the baseline poll');
  const email = 'live.added@fairway.example';
  const added = await fetch(harness.endpoint, {
    method: 'POST',
    headers: { authorization: `Bearer ${harness.tokens.fairway}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      query: print(AddRecoveryEmployeeDocument),
      variables: { input: addInput(usEmployee({ email }), { campaignNumber: campaign.number }) },
    }),
  });
  expect(((await added.json()) as { errors?: unknown }).errors).toBeUndefined();
  await until(() => watcher.events.length >= 1, 'the event of the new employee');
  expect(watcher.events).toMatchObject([
    { changedFields: ['status', 'tracking', 'lastUpdated', 'address', 'items'], previousStatus: null, employee: { email } },
  ]);
  watcher.stop();
});

it("with a gateway API key, a subscription lives on across the gateway's own token renewals", async () => {
  const key = 'live-subscriptions-key-0123456789';
  // The service account's tokens last three seconds: the gateway renews its token during the subscription.
  const keyed = await startHarness({
    simulator: { tokenTtlSeconds: 3 },
    gateway: { subscriptionsPollMs: 1_000, serviceAccount: DEMO_LOGIN, apiKeys: [key] },
  });
  try {
    const campaign = keyed.companies.fairway.campaigns.find((entry) => entry.employees.length > 3)!;
    const watcher = watch(
      connect({ 'x-api-key': key }, keyed.endpoint),
      campaign.number,
      DOCUMENTED_SUBSCRIPTION.replace(' user { email }', ''),
    );
    const signIns = () => keyed.simulator.requestLog.filter((entry) => ['/auth/login', '/refresh-token'].includes(entry.path)).length;
    await until(() => signIns() >= 3, "two renewals of the gateway's token", 15_000);
    const employee = campaign.employees[1];
    const before = moveStatus(employee);
    await until(() => watcher.events.length >= 1, 'the event');
    expect(watcher.events).toMatchObject([{ changedFields: ['status'], previousStatus: before, employee: { email: employee.email } }]);
    expect(watcher.errors).toEqual([]);
    expect(watcher.ended()).toBe(false);
    watcher.stop();
  } finally {
    await keyed.stop();
  }
}, 30_000);

it("a pass-through token's subscription ends at the token's expiry (its JWT exp), not at the first poll after it", async () => {
  const slow = await startHarness({ gateway: { subscriptionsPollMs: 60_000 } });
  try {
    const campaign = slow.companies.fairway.campaigns.find((entry) => entry.employees.length > 3)!;
    slow.simulator.tokenTtlSeconds = 2;
    const shortLived = slow.simulator.tokenFor(317);
    const expiring = watch(connect({ authorization: `Bearer ${shortLived}` }, slow.endpoint), campaign.number);
    await until(() => expiring.ended(), 'the end at the expiry');
    expect(expiring.errors.map((error) => [error.extensions?.code, error.message])).toEqual([
      ['UNAUTHENTICATED', 'Your Unduit token expired: sign in again, then subscribe again'],
    ]);
    // The baseline was the only read: no poll came (they are a minute apart here).
    expect(slow.simulator.requestLog.filter((entry) => entry.path.startsWith('/recover/employees/details/'))).toHaveLength(1);
  } finally {
    await slow.stop();
  }
});

it('with REDIS_URL set but Redis unreachable, a subscription still works: this replica polls on its own', async () => {
  const lonely = await startHarness({ gateway: { subscriptionsPollMs: 1_000, redisUrl: `redis://127.0.0.1:${await freePort()}` } });
  try {
    const campaign = lonely.companies.fairway.campaigns.find((entry) => entry.employees.length > 3)!;
    const watcher = watch(connect({ authorization: `Bearer ${lonely.tokens.fairway}` }, lonely.endpoint), campaign.number);
    const reads = () =>
      lonely.simulator.requestLog.filter((entry) => entry.path === `/recover/employees/details/${campaign.number}`).length;
    await until(() => reads() >= 1, 'the baseline poll');
    const employee = campaign.employees[2];
    const before = moveStatus(employee);
    await until(() => watcher.events.length >= 1, 'the event');
    expect(watcher.events).toMatchObject([{ changedFields: ['status'], previousStatus: before, employee: { email: employee.email } }]);
    expect(watcher.errors).toEqual([]);
    watcher.stop();
  } finally {
    await lonely.stop();
  }
});

it("a WebSocket from a page elsewhere is refused (browsers apply no CORS to it); the gateway's own origin and non-browser clients connect", async () => {
  expect(await upgradeStatus(harness.endpoint, { origin: 'https://elsewhere.example' })).toBe(403);
  expect(await upgradeStatus(harness.endpoint, { origin: new URL(harness.endpoint).origin })).toBe(101);
  expect(await upgradeStatus(harness.endpoint)).toBe(101);
});

it('a WebSocket message over the body limit closes the socket (1009) before it is parsed, with one warning line', async () => {
  const printed = jest.spyOn(console, 'error');
  const logged = harness.logLines.length;
  const code = await new Promise<number>((resolve) => {
    const socket = new WebSocket(harness.endpoint.replace(/^http/, 'ws'), 'graphql-transport-ws');
    socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { padding: 'x'.repeat(2 * 1024 * 1024) } })));
    socket.once('close', (closeCode) => resolve(closeCode));
    socket.once('error', () => undefined);
  });
  expect(code).toBe(1009);
  // Not graphql-ws's console.error with a stack per hostile client: one line of the gateway's log.
  expect(printed).not.toHaveBeenCalled();
  printed.mockRestore();
  expect(harness.logLines.slice(logged).filter((line) => line.includes('protocol error'))).toEqual([
    expect.stringContaining('"code":"WS_ERR_UNSUPPORTED_MESSAGE_LENGTH"'),
  ]);
});

it("WebSocket upgrades count against the client's request rate: over it, 429 before any socket", async () => {
  const limited = await startHarness({ gateway: { rateLimits: { ...DEFAULT_RATE_LIMITS, requestsPerMinute: 2 } } });
  try {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 3; attempt += 1) statuses.push(await upgradeStatus(limited.endpoint));
    expect(statuses).toEqual([101, 101, 429]);
  } finally {
    await limited.stop();
  }
});
