/**
 * Subscriptions across a fleet: two replicas (real processes of the compiled gateway) on one real
 * redis-server, in front of one simulator, polling every second. Subscribers of one caller and
 * campaign on both replicas cost one poller for the fleet; the replica holding it dying hands it to
 * the other without losing or repeating a change; a replica shutting down ends its streams cleanly
 * on every transport.
 */
import { createClient as createSseClient } from 'graphql-sse';
import { createClient, type Client } from 'graphql-ws';
import fetch from 'node-fetch';
import WebSocket from 'ws';
import { UnduitSimulator } from '../../src/simulator/server';
import { byName, type Companies } from '../support/companies';
import { startGatewayProcess } from '../support/gateway-process';
import { DOCUMENTED_SUBSCRIPTION, metricSample, moveStatus, statusChange, until, type Change } from '../support/live';
import { startRedisServer, type RedisServer } from '../support/redis-server';

type Replica = Awaited<ReturnType<typeof startGatewayProcess>>;
let simulator: UnduitSimulator;
let redis: RedisServer;
let replicas: Replica[];
let companies: Companies;
let env: Record<string, string>;
const clients: Client[] = [];

beforeAll(async () => {
  simulator = new UnduitSimulator();
  const upstream = await simulator.listen(0);
  redis = await startRedisServer();
  env = { UNDUIT_BASE_URL: upstream, REDIS_URL: redis.url, PORT: '0', SUBSCRIPTIONS_POLL_MS: '1000' };
  replicas = await Promise.all([startGatewayProcess(env), startGatewayProcess(env)]);
  companies = byName(simulator.companies);
}, 30_000);
afterAll(async () => {
  await Promise.all(clients.map((client) => client.dispose()));
  await Promise.all((replicas ?? []).map((replica) => replica.stop()));
  await redis?.stop();
  await simulator?.stop();
});

function watch(replica: Replica, token: string, campaignNumber: string) {
  const client = createClient({
    url: replica.endpoint.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
  });
  clients.push(client);
  const events: Change[] = [];
  const errors: unknown[] = [];
  let completed = false;
  const stop = client.subscribe<{ employeeChanged: Change }>(
    { query: DOCUMENTED_SUBSCRIPTION, variables: { campaignNumber } },
    {
      next: (result) => (result.data ? events.push(result.data.employeeChanged) : errors.push(result.errors)),
      error: (error) => errors.push(error),
      complete: () => (completed = true),
    },
  );
  return { events, errors, completed: () => completed, stop };
}

const sample = (replica: Replica, series: string) => metricSample(replica.endpoint, series);
const polling = (replica: Replica) => sample(replica, 'gateway_live_pollers{kind="polling"}');
const polls = (replica: Replica) => sample(replica, 'gateway_live_polls_total{outcome="ok"}');
const detailReads = (campaignNumber: string) =>
  simulator.requestLog.filter((entry) => entry.path === `/recover/employees/details/${campaignNumber}`).length;

it('subscribers of one caller and campaign on two replicas cost one poller; each change reaches each once; another company sees none', async () => {
  const token = simulator.tokenFor(317);
  const campaign = companies.fairway.campaigns.find((entry) => entry.employees.length === 57)!;
  const onA = watch(replicas[0], token, campaign.number);
  const onB = watch(replicas[1], token, campaign.number);
  await until(async () => (await polling(replicas[0])) + (await polling(replicas[1])) === 1, 'the lease');

  // Over four polls, one replica polled and the other did not: one read a poll for the fleet.
  const [pollsA, pollsB, reads] = [await polls(replicas[0]), await polls(replicas[1]), detailReads(campaign.number)];
  await until(() => detailReads(campaign.number) >= reads + 4, 'four polls');
  const polled = [(await polls(replicas[0])) - pollsA, (await polls(replicas[1])) - pollsB].sort();
  expect(polled[0]).toBe(0);
  expect(Math.abs(polled[1] - (detailReads(campaign.number) - reads))).toBeLessThanOrEqual(1);

  // Another company's subscriber on the replica: its own poller, and nothing of this campaign.
  const northwind = companies.northwind.campaigns.find((entry) => entry.employees.length > 0)!;
  const stranger = watch(replicas[1], simulator.tokenFor(318), northwind.number);
  await until(async () => (await polling(replicas[0])) + (await polling(replicas[1])) === 2, 'a lease for each campaign');

  const employee = campaign.employees[5];
  const before = moveStatus(employee);
  await until(() => onA.events.length >= 1 && onB.events.length >= 1, 'the event on both replicas');
  const after = detailReads(campaign.number);
  await until(() => detailReads(campaign.number) >= after + 3, 'three more polls');
  for (const watcher of [onA, onB]) {
    expect(watcher.errors).toEqual([]);
    // The employee's relations resolve on each replica, the one that did not poll too.
    expect(watcher.events).toEqual([statusChange(campaign.number, employee, before)]);
  }
  expect(stranger.events).toEqual([]);
  expect(stranger.errors).toEqual([]);
});

it('a subscriber joining after everyone left gets no replay of what changed while nobody watched', async () => {
  const token = simulator.tokenFor(317);
  const campaign = companies.fairway.campaigns.find((entry) => entry.employees.length > 3 && entry.employees.length < 57)!;
  const leases = async () => (await polling(replicas[0])) + (await polling(replicas[1]));
  const before = await leases();
  const first = watch(replicas[0], token, campaign.number);
  await until(async () => (await leases()) === before + 1, "the campaign's lease");
  first.stop();
  await until(async () => (await leases()) === before, 'the poller stopped');

  moveStatus(campaign.employees[1]);
  const later = watch(replicas[1], token, campaign.number);
  const reads = detailReads(campaign.number);
  await until(() => detailReads(campaign.number) >= reads + 4, 'its baseline and three polls');
  expect(later.events).toEqual([]);
  expect(later.errors).toEqual([]);
  later.stop();
  await until(async () => (await leases()) === before, 'the poller stopped');
});

it('the lease holder dying: the other replica takes the poller over, and a change made meanwhile arrives once', async () => {
  const campaign = companies.fairway.campaigns.find((entry) => entry.employees.length === 57)!;
  // The other company's poller is watched on the second replica only, so the first polls only if it holds this one.
  const holderIndex = (await polling(replicas[0])) === 1 ? 0 : 1;
  const survivor = replicas[1 - holderIndex];
  // The survivor's own subscriber, from the first test, has one event so far.
  const token = simulator.tokenFor(317);
  const late = watch(survivor, token, campaign.number);
  await until(async () => (await sample(survivor, 'gateway_live_subscriptions{transport="websocket"}')) >= 2, 'the late subscriber');

  replicas[holderIndex].child.kill('SIGKILL');
  await replicas[holderIndex].exit;
  const employee = campaign.employees[6];
  const before = moveStatus(employee);
  await until(() => late.events.length >= 1, 'the event from the new lease holder');
  expect(await polling(survivor)).toBeGreaterThanOrEqual(1);
  const after = detailReads(campaign.number);
  await until(() => detailReads(campaign.number) >= after + 3, 'three more polls');
  expect(late.events.map((event) => [event.employee.recoveryId, event.previousStatus])).toEqual([[employee.recoveryId, before]]);
  expect(late.errors).toEqual([]);
});

it('a replica shutting down ends its streams cleanly: graphql-ws complete, SSE complete, multipart final boundary', async () => {
  const survivor = replicas.find((replica) => replica.child.exitCode === null && replica.child.signalCode === null)!;
  const token = simulator.tokenFor(317);
  const campaign = companies.fairway.campaigns.find((entry) => entry.employees.length === 57)!;
  const overWs = watch(survivor, token, campaign.number);
  const sse = createSseClient({ url: survivor.endpoint, headers: { authorization: `Bearer ${token}` }, retryAttempts: 0 });
  let sseCompleted = false;
  const sseErrors: unknown[] = [];
  sse.subscribe(
    { query: DOCUMENTED_SUBSCRIPTION, variables: { campaignNumber: campaign.number } },
    { next: () => undefined, error: (error) => sseErrors.push(error), complete: () => (sseCompleted = true) },
  );
  const multipart = fetch(survivor.endpoint, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      accept: 'multipart/mixed;boundary=graphql;subscriptionSpec=1.0,application/json',
      'content-type': 'application/json',
    },
    body: JSON.stringify({ query: DOCUMENTED_SUBSCRIPTION, variables: { campaignNumber: campaign.number } }),
  }).then((response) => response.text());
  await until(
    async () =>
      (await sample(survivor, 'gateway_live_subscriptions{transport="sse"}')) === 1 &&
      (await sample(survivor, 'gateway_live_subscriptions{transport="multipart"}')) === 1,
    'the SSE and multipart subscriptions',
  );

  survivor.child.kill('SIGTERM');
  expect(await survivor.exit).toBe(0);
  await until(() => overWs.completed() && sseCompleted, 'both clients told the end');
  expect(overWs.errors).toEqual([]);
  expect(sseErrors).toEqual([]);
  const body = await multipart;
  expect(body).not.toContain('errors');
  expect(body.trimEnd().endsWith('--graphql--')).toBe(true);
  sse.dispose();
});
