/**
 * One suite, two stores: every piece of state replicas must agree on (GET cache, idempotency keys,
 * token verdicts, rate limits) passes the same cases in memory and in a real Redis. Each case asks
 * two "replicas": with Redis, two connections of their own; in memory, the one process twice (what
 * one replica promises to itself, Redis promises to the fleet).
 */
import { MemoryCacheStore, type CacheStore } from '../../src/core/cache/cache-store';
import { RedisCacheStore } from '../../src/core/cache/redis-cache-store';
import { IdempotencyStore } from '../../src/core/idempotency';
import { MemoryIdempotencyRecords } from '../../src/core/idempotency/records';
import { RedisIdempotencyRecords } from '../../src/core/idempotency/redis-records';
import { createLogger } from '../../src/core/logger';
import { RedisConnection } from '../../src/core/redis/redis-connection';
import { RateLimits, type RateLimitSettings } from '../../src/security/rate-limits';
import { TokenVerdicts } from '../../src/security/token-verdicts';
import { deferred } from '../support/deferred';
import { startRedisServer, type RedisServer } from '../support/redis-server';

interface Replica {
  cache: CacheStore;
  idempotency: IdempotencyStore;
  verdicts: TokenVerdicts;
  rateLimits(settings: RateLimitSettings): RateLimits;
}

interface Backend {
  /** Two replicas' views of one shared state, fresh for each case. */
  replicas(): Promise<[Replica, Replica]>;
  close(): Promise<void>;
}

const silent = createLogger('silent');
const limits = (requestsPerMinute: number): RateLimitSettings => ({
  requestsPerMinute,
  loginsPerMinutePerAddress: 100,
  loginsPer15MinutesPerEmail: 100,
  wrongKeysPer15MinutesPerAddress: 100,
  tokenChecksPerMinutePerAddress: 100,
  persistedQueriesPerHourPerAddress: 100,
});

function memoryBackend(): Backend {
  return {
    async replicas() {
      const records = new MemoryIdempotencyRecords(1000);
      const replica: Replica = {
        cache: new MemoryCacheStore({ maxBytes: 1_000_000 }),
        idempotency: new IdempotencyStore({ records, waitMs: 2_000 }),
        verdicts: new TokenVerdicts(),
        rateLimits: (settings) => new RateLimits(settings),
      };
      const shared = new Map<RateLimitSettings, RateLimits>();
      const oneProcess = {
        ...replica,
        rateLimits: (settings: RateLimitSettings) => shared.get(settings) ?? shared.set(settings, new RateLimits(settings)).get(settings)!,
      };
      return [oneProcess, oneProcess];
    },
    async close() {},
  };
}

function redisBackend(server: () => RedisServer): Backend {
  const connections: RedisConnection[] = [];
  const replica = async (): Promise<Replica> => {
    const redis = new RedisConnection(server().url, silent, 'shared-stores-test:');
    connections.push(redis);
    await redis.connected(5_000);
    return {
      cache: new RedisCacheStore(redis),
      idempotency: new IdempotencyStore({ records: new RedisIdempotencyRecords(redis), waitMs: 2_000 }),
      verdicts: new TokenVerdicts(redis),
      rateLimits: (settings) => new RateLimits(settings, undefined, redis),
    };
  };
  return {
    async replicas() {
      const [a, b] = [await replica(), await replica()];
      await connections[0].client.flushdb();
      return [a, b];
    },
    async close() {
      await Promise.all(connections.splice(0).map((connection) => connection.close()));
    },
  };
}

let redisServer: RedisServer;
beforeAll(async () => {
  redisServer = await startRedisServer();
});
afterAll(async () => {
  await redisServer?.stop();
});

/** Writes that count themselves: the number of POSTs the upstream would have seen. */
function countingWrite<T>(answer: () => Promise<T>) {
  const counter = { calls: 0 };
  return { counter, write: () => (counter.calls++, answer()) };
}

describe.each([
  ['memory', () => memoryBackend()],
  ['Redis', () => redisBackend(() => redisServer)],
])('shared state in %s', (_name, makeBackend) => {
  let backend: Backend;
  let a: Replica;
  let b: Replica;
  beforeEach(async () => {
    backend = makeBackend();
    [a, b] = await backend.replicas();
  });
  afterEach(() => backend.close());

  describe('GET cache store', () => {
    it('answers what one replica stored on the other, and nothing for an unknown key', async () => {
      await a.cache.set('http://upstream/users?page=1\u0000bearer:p', { body: [1, 2] }, 60_000, 10);
      expect(await b.cache.get('http://upstream/users?page=1\u0000bearer:p')).toEqual({ body: [1, 2] });
      expect(await b.cache.get('http://upstream/users?page=1\u0000bearer:other')).toBeUndefined();
    });

    it('forgets an entry after its TTL', async () => {
      await a.cache.set('short', { body: 1 }, 30, 10);
      const gone = Date.now() + 2_000;
      while ((await b.cache.get('short')) !== undefined && Date.now() < gone) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(await b.cache.get('short')).toBeUndefined();
    });

    it("a write's invalidation on one replica removes every key under the prefix for all, and only those", async () => {
      const keys = [
        'http://upstream/recover/campaigns?page=1\u0000p1',
        'http://upstream/recover/campaigns?page=2\u0000p2',
        'http://upstream/users?page=1\u0000p1',
        'http://upstream/recover/x[1]*?\u0000p1',
      ];
      for (const key of keys) await a.cache.set(key, { key }, 60_000, 10);
      await b.cache.deletePrefix('http://upstream/recover/campaigns');
      // Glob characters are literal: `x?` and `x*` are not prefixes of `x[1]`.
      await b.cache.deletePrefix('http://upstream/recover/x?');
      await b.cache.deletePrefix('http://upstream/recover/x*');
      expect(await a.cache.get(keys[0])).toBeUndefined();
      expect(await a.cache.get(keys[1])).toBeUndefined();
      expect(await a.cache.get(keys[2])).toEqual({ key: keys[2] });
      expect(await a.cache.get(keys[3])).toEqual({ key: keys[3] });
      await b.cache.deletePrefix('http://upstream/recover/x[1]*?');
      expect(await a.cache.get(keys[3])).toBeUndefined();
    });
  });

  describe('idempotency keys', () => {
    it('a repeat on the other replica replays the first result; one write', async () => {
      const { counter, write } = countingWrite(async () => ({ recoveryCode: 'R1' }));
      expect(await a.idempotency.run('p', 'key-1', { email: 'x@y.z' }, write)).toEqual({ result: { recoveryCode: 'R1' }, replayed: false });
      expect(await b.idempotency.run('p', 'key-1', { email: 'x@y.z' }, write)).toEqual({ result: { recoveryCode: 'R1' }, replayed: true });
      expect(counter.calls).toBe(1);
    });

    it('the same key on both replicas at once sends one write; the second waits for its result', async () => {
      const answer = deferred<string>();
      const { counter, write } = countingWrite(() => answer.promise);
      const first = a.idempotency.run('p', 'key-2', { n: 1 }, write);
      const second = b.idempotency.run('p', 'key-2', { n: 1 }, write);
      await new Promise((resolve) => setTimeout(resolve, 50));
      answer.resolve('R2');
      const results = await Promise.all([first, second]);
      expect(results.map((result) => result.result)).toEqual(['R2', 'R2']);
      expect(results.map((result) => result.replayed).sort()).toEqual([false, true]);
      expect(counter.calls).toBe(1);
    });

    it('a failed write frees its key: the retry on the other replica goes through', async () => {
      let attempt = 0;
      const { counter, write } = countingWrite(async () => (++attempt === 1 ? Promise.reject(new Error('upstream 502')) : 'R3'));
      await expect(a.idempotency.run('p', 'key-3', {}, write)).rejects.toThrow('upstream 502');
      expect(await b.idempotency.run('p', 'key-3', {}, write)).toEqual({ result: 'R3', replayed: false });
      expect(counter.calls).toBe(2);
    });

    it('the key with other input is CONFLICT on the other replica, and another principal has its own keys', async () => {
      const { counter, write } = countingWrite(async () => 'R4');
      await a.idempotency.run('p', 'key-4', { n: 1 }, write);
      await expect(b.idempotency.run('p', 'key-4', { n: 2 }, write)).rejects.toMatchObject({ extensions: { code: 'CONFLICT' } });
      expect(await b.idempotency.run('q', 'key-4', { n: 2 }, write)).toEqual({ result: 'R4', replayed: false });
      expect(counter.calls).toBe(2);
    });

    it("an unknown outcome's evidence left on one replica is found by the repeat on the other, for the same input only", async () => {
      await a.idempotency.rememberUnknown('p', 'key-5', { n: 1 }, ['already@x.y']);
      expect(await b.idempotency.unknownOutcomeOf('p', 'key-5', { n: 1 })).toEqual(['already@x.y']);
      expect(await b.idempotency.unknownOutcomeOf('p', 'key-5', { n: 2 })).toBeUndefined();
      expect(await b.idempotency.unknownOutcomeOf('q', 'key-5', { n: 1 })).toBeUndefined();
    });
  });

  it('a token refused on one replica is refused on the other without asking the upstream; an accepted one is accepted', async () => {
    a.verdicts.refuse('bearer:garbage');
    a.verdicts.accept('bearer:good', Date.now() + 60_000);
    await waitFor(async () => {
      await b.verdicts.recall('bearer:garbage');
      await b.verdicts.recall('bearer:good');
      return b.verdicts.isRefused('bearer:garbage') && b.verdicts.isAccepted('bearer:good');
    });
    expect(b.verdicts.isAccepted('bearer:garbage')).toBe(false);
  });

  it('a rate limit counts the requests a client sends to either replica together', async () => {
    const settings = limits(3);
    const [onA, onB] = [a.rateLimits(settings), b.rateLimits(settings)];
    const verdicts = [
      await onA.request({ key: 'client' }, '10.0.0.1'),
      await onB.request({ key: 'client' }, '10.0.0.1'),
      await onA.request({ key: 'client' }, '10.0.0.1'),
      await onB.request({ key: 'client' }, '10.0.0.1'),
    ];
    expect(verdicts.map((verdict) => verdict.allowed)).toEqual([true, true, true, false]);
  });
});

describe('Redis taken away and brought back', () => {
  it('reads miss instead of failing, keyed writes are refused unsent, limits hold in memory; all recover by themselves', async () => {
    const backend = redisBackend(() => redisServer);
    const [a] = await backend.replicas();
    try {
      await a.cache.set('k', { v: 1 }, 60_000, 10);
      await redisServer.stop();

      expect(await a.cache.get('k')).toBeUndefined();
      await expect(a.cache.set('k2', { v: 2 }, 60_000, 10)).resolves.toBeUndefined();
      const { counter, write } = countingWrite(async () => 'R');
      await expect(a.idempotency.run('p', 'key', {}, write)).rejects.toMatchObject({
        extensions: { code: 'IDEMPOTENCY_UNAVAILABLE', retryAfter: 5 },
      });
      expect(counter.calls).toBe(0);
      const limited = a.rateLimits(limits(1));
      expect([(await limited.request({ key: 'c' }, 'addr')).allowed, (await limited.request({ key: 'c' }, 'addr')).allowed]).toEqual([
        true,
        false,
      ]);

      await redisServer.start();
      await waitFor(
        async () => (await a.cache.set('k3', { v: 3 }, 60_000, 10), (await a.cache.get('k3')) !== undefined),
        Date.now() + 10_000,
      );
      expect(await a.idempotency.run('p', 'key', {}, write)).toEqual({ result: 'R', replayed: false });
      expect(counter.calls).toBe(1);
    } finally {
      await backend.close();
    }
  });
});

/** Polls a condition a fire-and-forget write makes true within one round trip. */
async function waitFor(condition: () => Promise<boolean>, deadline = Date.now() + 2_000): Promise<void> {
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met within 2 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
