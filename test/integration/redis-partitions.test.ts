/**
 * Fleets sharing one redis-server share state only when they should: the same upstream and the same
 * key prefix. Two fleets in front of different upstreams (staging and production, or two `npm start`
 * replicas on their own simulators, both signed in as the demo account) or with different
 * REDIS_KEY_PREFIX never read each other's cached answers.
 */
import { UsersPageDocument } from '../../schema/generated/operations';
import { loadConfig } from '../../src/config';
import { DEMO_LOGIN } from '../../src/simulator/companies';
import type { UnduitSimulator } from '../../src/simulator/server';
import { startHarness, type Harness } from '../support/harness';
import { startRedisServer, type RedisServer } from '../support/redis-server';

let redis: RedisServer;
const started: Harness[] = [];
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await Promise.all(started.map((harness) => harness.stop()));
  await redis.stop();
});

/** A gateway on the shared Redis, signed in as the demo account; in front of `upstream` when given, else of its own simulator. */
async function fleet(redisKeyPrefix?: string, upstream?: UnduitSimulator): Promise<Harness> {
  const harness = await startHarness({
    gateway: { redisUrl: redis.url, redisKeyPrefix, cache: loadConfig({}).cache, serviceAccount: DEMO_LOGIN, allowAnonymous: true },
    ...(upstream && { upstreamInFront: async () => upstream.url }),
  });
  started.push(harness);
  return harness;
}

/** What reading users page `page` through `gateway` cost `upstream`, in reads of that page (sign-ins aside). */
async function readCost(gateway: Harness, upstream: UnduitSimulator, page: number): Promise<number> {
  const reads = () => upstream.requestLog.filter((entry) => entry.path === '/users' && entry.query.page === String(page)).length;
  const before = reads();
  const result = await gateway.request(UsersPageDocument, { page }, {});
  expect(result.errors).toBeUndefined();
  return reads() - before;
}

it('the same upstream and prefix share cached answers (the control)', async () => {
  const first = await fleet();
  const second = await fleet(undefined, first.simulator);
  expect(await readCost(first, first.simulator, 3)).toBeGreaterThan(0);
  expect(await readCost(second, first.simulator, 3)).toBe(0);
});

it("fleets in front of different upstreams never read each other's entries", async () => {
  const staging = await fleet();
  const production = await fleet();
  expect(await readCost(staging, staging.simulator, 4)).toBeGreaterThan(0);
  expect(await readCost(production, production.simulator, 4)).toBeGreaterThan(0);
});

it('a different REDIS_KEY_PREFIX keeps fleets on one upstream apart', async () => {
  const blue = await fleet('blue:');
  const green = await fleet('green:', blue.simulator);
  expect(await readCost(blue, blue.simulator, 5)).toBeGreaterThan(0);
  expect(await readCost(green, blue.simulator, 5)).toBeGreaterThan(0);
});
