/**
 * What Redis may evict and what it must not: under memory pressure with a `volatile-*` policy the
 * cache and other expiring state go, a written result a repeat must replay stays; results past their
 * window are swept by the gateway itself; an `allkeys-*` policy is warned about at start-up.
 */
import Redis from 'ioredis';
import { AddRecoveryEmployeeDocument, type RecoveryEmployeeInput } from '../../schema/generated/operations';
import { createLogger } from '../../src/core/logger';
import { RedisIdempotencyRecords } from '../../src/core/idempotency/redis-records';
import { RedisConnection } from '../../src/core/redis/redis-connection';
import { usEmployee } from '../fixtures/recovery-input';
import { startHarness } from '../support/harness';
import { ManualClock } from '../support/manual-clock';
import { startRedisServer, type RedisServer } from '../support/redis-server';

const started: Array<{ stop(): Promise<void> }> = [];
afterAll(async () => {
  for (const item of started.reverse()) await item.stop();
});

async function redisWith(settings: string[]): Promise<RedisServer> {
  const server = await startRedisServer(settings);
  started.push(server);
  return server;
}

/** Readiness says Redis is connected (the gateway connects in the background). */
async function untilReady(endpoint: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while ((await fetch(endpoint.replace('/graphql', '/readyz'))).status !== 200) {
    if (Date.now() > deadline) throw new Error('the gateway did not become ready');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

it('a result a repeated write must replay survives Redis evicting under memory pressure', async () => {
  const redis = await redisWith(['--maxmemory', '3mb', '--maxmemory-policy', 'volatile-lru']);
  const harness = await startHarness({ gateway: { redisUrl: redis.url } });
  started.push(harness);
  await untilReady(harness.endpoint);
  const campaign = harness.companies.fairway.campaigns[0];
  const input = {
    campaignNumber: campaign.number,
    employee: usEmployee({ email: 'evicted.never@fairway.example' }) as RecoveryEmployeeInput,
    idempotencyKey: 'evict-1',
  };
  const first = await harness.request(AddRecoveryEmployeeDocument, { input });
  expect(first.errors).toBeUndefined();

  // Everything else the fleet keeps expires (cache entries, persisted queries, counters): fill Redis with such keys.
  const filler = new Redis(redis.url);
  const block = 'x'.repeat(50_000);
  for (let n = 0; n < 200; n += 1) await filler.set(`unduit-gateway:filler:${n}`, block, 'EX', 3600);
  const evicted = Number(/evicted_keys:(\d+)/.exec(await filler.info('stats'))![1]);
  filler.disconnect();
  expect(evicted).toBeGreaterThan(0);

  const repeat = await harness.request(AddRecoveryEmployeeDocument, { input });
  expect(repeat.data?.addRecoveryEmployee).toMatchObject({ replayed: true, recoveryCode: first.data!.addRecoveryEmployee.recoveryCode });
  expect(harness.simulator.requestLog.filter((entry) => entry.method === 'POST')).toHaveLength(1);
});

it('a result past its window is no longer replayed, and the sweep removes it', async () => {
  const redis = await redisWith([]);
  const connection = new RedisConnection(redis.url, createLogger('silent'), 'sweep-test:');
  started.push({ stop: () => connection.close() });
  expect(await connection.connected(5_000)).toBe(true);
  const clock = new ManualClock();
  const records = new RedisIdempotencyRecords(connection, clock);
  await records.complete('old', 'fingerprint', { ok: true }, 1_000);
  expect(await records.claim('old', 'fingerprint', 5_000)).toMatchObject({ state: 'done' });
  clock.advance(2_000);
  await records.complete('new', 'fingerprint', { ok: true }, 60_000);
  await records.sweep();
  expect(await connection.client.exists('idempotency:old')).toBe(0);
  expect(await connection.client.ttl('idempotency:new')).toBe(-1);
  expect(await records.claim('old', 'fingerprint', 5_000)).toBeNull();
});

it('warns at start-up when Redis may evict any key (allkeys-*)', async () => {
  const redis = await redisWith(['--maxmemory', '64mb', '--maxmemory-policy', 'allkeys-lru']);
  const harness = await startHarness({ gateway: { redisUrl: redis.url } });
  started.push(harness);
  const deadline = Date.now() + 5_000;
  while (!harness.logLines.some((line) => line.includes('allkeys')) && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 20));
  expect(harness.logLines.find((line) => line.includes('maxmemory-policy'))).toMatch(/volatile-lru/);
});
