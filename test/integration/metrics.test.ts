/** `GET /metrics`: a scrape after known traffic shows the expected counters, in Prometheus format. */
import fetch from 'node-fetch';
import { UsersPageDocument } from '../../schema/generated/operations';
import { startHarness, type Harness } from '../support/harness';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness({ gateway: { traffic: { breakerFailures: 1_000 } } });
});
afterAll(() => harness.stop());

const scrape = async () => {
  const response = await fetch(harness.endpoint.replace('/graphql', '/metrics'));
  expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
  return response.text();
};

it('counts operations, outcomes, upstream calls by endpoint and status, and retries', async () => {
  await harness.request(UsersPageDocument, { page: 1 });
  harness.simulator.injectFault({ path: '/users', status: 503, times: 1 });
  await harness.request(UsersPageDocument, { page: 2 });
  await harness.raw('{ usr }');
  const text = await scrape();
  expect(text).toContain('gateway_graphql_requests_total{operation="UsersPage",outcome="ok"} 2');
  expect(text).toContain('gateway_graphql_requests_total{operation="invalid",outcome="failed"} 1');
  expect(text).toContain('gateway_upstream_calls_total{endpoint="GET /users",status="2xx"} 2');
  expect(text).toContain('gateway_upstream_calls_total{endpoint="GET /users",status="503"} 1');
  expect(text).toContain('gateway_upstream_retries_total 1');
  expect(text).toContain('gateway_upstream_breaker_state{endpoint="GET /users"} 0');
  expect(text).toMatch(/gateway_upstream_in_flight\{kind="limit"\} \d+/);
  expect(text).toContain('gateway_process_cpu_seconds_total');
});

it('collapses operation names past a bound, so a client cannot grow the series', async () => {
  for (let n = 0; n < 110; n += 1) await harness.raw(`query Named${n} { __typename }`);
  const text = await scrape();
  expect(text).toContain('operation="other"');
  expect((text.match(/gateway_graphql_requests_total\{operation="Named/g) ?? []).length).toBeLessThanOrEqual(100);
});

it('names only operations that validated, by a bounded GraphQL name: huge or refused names cannot grow a scrape, and real names keep theirs', async () => {
  const huge = `Q${'x'.repeat(900_000)}`;
  for (let n = 0; n < 20; n += 1) await harness.raw('{ __typename }', undefined, {}, `${huge}${n}`);
  for (let n = 0; n < 20; n += 1) await harness.raw(`query Q${'x'.repeat(400_000)}${n} { usr }`);
  await harness.raw(`query ${'L'.repeat(100)} { __typename }`);
  await harness.request(UsersPageDocument, { page: 1 });
  const text = await scrape();
  expect(text.length).toBeLessThan(200_000);
  expect(text).not.toContain('xxxxxxxxxx');
  expect(text).toMatch(/gateway_graphql_requests_total\{operation="invalid",outcome="failed"\} 4\d/);
  expect(text).toContain('gateway_graphql_requests_total{operation="UsersPage",outcome="ok"}');
});

it("keeps the shipped operations' names even when other names have used up the bound", async () => {
  const fresh = await startHarness();
  try {
    for (let n = 0; n < 110; n += 1) await fresh.raw(`query Filler${n} { __typename }`);
    await fresh.request(UsersPageDocument, { page: 1 });
    await fresh.raw('query NotShipped { __typename }');
    const text = await (await fetch(fresh.endpoint.replace('/graphql', '/metrics'))).text();
    expect(text).toContain('gateway_graphql_requests_total{operation="UsersPage",outcome="ok"} 1');
    expect(text).not.toContain('operation="NotShipped"');
  } finally {
    await fresh.stop();
  }
});

it('without a metrics port, serves /metrics on the API port only when told to (production does not by default)', async () => {
  const closed = await startHarness({ gateway: { publicMetrics: false } });
  try {
    expect((await fetch(closed.endpoint.replace('/graphql', '/metrics'))).status).toBe(404);
  } finally {
    await closed.stop();
  }
});

it('with a metrics port, serves /metrics there and no longer on the API port', async () => {
  const separate = await startHarness();
  try {
    const metricsUrl = await separate.gateway.listenMetrics(0, '127.0.0.1');
    expect((await fetch(metricsUrl)).status).toBe(200);
    expect((await fetch(separate.endpoint.replace('/graphql', '/metrics'))).status).toBe(404);
  } finally {
    await separate.stop();
  }
});
