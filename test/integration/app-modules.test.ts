/**
 * Adding an Unduit app is one folder and one line: the throw-away Device Hub app of
 * test/fixtures/apps/device-hub (one endpoint, one type, one relation to User) is picked up by the
 * schema, the context's loaders, the config's cache settings and a running gateway, with no other edit.
 */
import { ListPageCounts } from '../../src/core/loaders/list-scan';
import { LivePollers } from '../../src/core/live/pollers';
import { LocalPolling } from '../../src/core/live/polling';
import { printSchema } from 'graphql';
import { loadConfig } from '../../src/config';
import { createContext } from '../../src/context';
import { UpstreamClient } from '../../src/core/http/upstream-client';
import { IdempotencyStore } from '../../src/core/idempotency';
import { DEFAULT_RATE_LIMITS, RateLimits } from '../../src/security/rate-limits';
import { TokenVerdicts } from '../../src/security/token-verdicts';
import { createLogger } from '../../src/core/logger';
import { DEFAULT_TRAFFIC, UpstreamTraffic } from '../../src/core/upstream/traffic';
import { buildGatewaySchema } from '../../src/schema';
import { withDeviceHub } from '../fixtures/apps/device-hub/with-device-hub';
import { startHarness } from '../support/harness';

it('the schema serves its type, its query and its relation to User', async () => {
  const schema = printSchema(await buildGatewaySchema(withDeviceHub));
  expect(schema).toContain('device(\n    """Identifier."""\n    deviceId: ID!\n  ): Device');
  expect(schema).toMatch(/type Device \{[^}]*owner: User/);
});

it("the config reads its endpoint's cache TTL setting", () => {
  const ttl = (env: Record<string, string>) => loadConfig(env, withDeviceHub).cache.ttlMs['GET /device-hub/devices/:device_id'];
  expect(ttl({})).toBe(30_000);
  expect(ttl({ CACHE_TTL_DEVICE_HUB_DEVICES: '5' })).toBe(5_000);
  expect(() => loadConfig({ CACHE_TTL_DEVICE_HUB_DEVICES: '-1' }, withDeviceHub)).toThrow(/^CACHE_TTL_DEVICE_HUB_DEVICES/);
});

it('the context builds its loaders beside the other apps', () => {
  const client = new UpstreamClient({ baseUrl: 'http://127.0.0.1:9', timeoutMs: 1_000 });
  const ctx = createContext(
    {
      client,
      traffic: new UpstreamTraffic(client, DEFAULT_TRAFFIC, createLogger('silent')),
      idempotency: new IdempotencyStore(),
      tokenVerdicts: new TokenVerdicts(),
      rateLimits: new RateLimits(DEFAULT_RATE_LIMITS),
      pageCounts: new ListPageCounts(),
      livePollers: new LivePollers(new LocalPolling(1_000, createLogger('silent'), () => undefined)),
    },
    { credentials: { token: async () => undefined, principal: null, cacheScope: null }, clientAddress: '127.0.0.1' },
    { maxConcurrency: 1, dedupe: true },
    withDeviceHub,
  );
  expect(Object.keys(ctx.loaders)).toEqual(['manage', 'recover', 'auth', 'deviceHub']);
  expect(typeof ctx.loaders.deviceHub.deviceById.load).toBe('function');
  client.close();
});

it('a running gateway answers its query and follows the relation, one upstream call each', async () => {
  const harness = await startHarness({ gateway: { apps: withDeviceHub } });
  try {
    const user = harness.companies.fairway.users[5];
    // The simulator knows no Device Hub: script the one answer the test needs.
    harness.simulator.injectFault({
      path: '/device-hub/devices/D-1',
      status: 200,
      body: JSON.stringify({ device_id: 'D-1', owner_email: user.email }),
    });
    const result = await harness.raw<{ device: unknown }>('{ device(deviceId: "D-1") { deviceId owner { email } } }', undefined, {
      authorization: `Bearer ${harness.tokens.fairway}`,
    });
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ device: { deviceId: 'D-1', owner: { email: user.email } } });
    expect(harness.simulator.requestLog.map((entry) => entry.path)).toEqual(['/device-hub/devices/D-1', '/users']);
  } finally {
    await harness.stop();
  }
});
