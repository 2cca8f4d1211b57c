/** The shared GET cache: tenant-keyed, single flight, TTL, never past a token's expiry, bounded. */
import { MemoryCacheStore } from '../../src/core/cache/cache-store';
import type { CacheScope } from '../../src/core/http/shared-get-cache';
import { SharedGetCache } from '../../src/core/http/shared-get-cache';
import type { UpstreamRequest } from '../../src/core/http/upstream-request';
import { deferred } from '../support/deferred';
import { ManualClock } from '../support/manual-clock';

const users = (page: number): UpstreamRequest => ({ method: 'GET', endpoint: 'GET /users', path: '/users', query: { page } });
const details = (number: string): UpstreamRequest => ({
  method: 'GET',
  endpoint: 'GET /recover/employees/details/:campaign_number',
  path: `/recover/employees/details/${number}`,
  query: { page: 1 },
});

function setup(maxBytes = 1_000_000) {
  const clock = new ManualClock();
  const cache = new SharedGetCache({
    store: new MemoryCacheStore({ maxBytes, clock }),
    ttlMsFor: (endpoint) => (endpoint === 'GET /users' ? 60_000 : endpoint.startsWith('GET /recover') ? 15_000 : 0),
    clock,
  });
  const loads: string[] = [];
  const load =
    (label: string, bytes = 10) =>
    async () => {
      loads.push(label);
      return { body: { label }, bytes };
    };
  const scope = (principal: string, validForMs: number | null = null): CacheScope => ({
    principal,
    validUntilMs: validForMs === null ? null : clock.now() + validForMs,
  });
  return { clock, cache, loads, load, scope };
}

describe('SharedGetCache', () => {
  it('answers a repeat within the TTL from the cache, and loads again after it', async () => {
    const { clock, cache, loads, load, scope } = setup();
    const a = scope('service:a');
    expect((await cache.get(a, users(1), load('1'))).source).toBe('upstream');
    expect((await cache.get(a, users(1), load('2'))).source).toBe('cache');
    clock.advance(60_001);
    expect((await cache.get(a, users(1), load('3'))).source).toBe('upstream');
    expect(loads).toEqual(['1', '3']);
  });

  it("never answers one principal with another's entry", async () => {
    const { cache, loads, load, scope } = setup();
    await cache.get(scope('bearer:aaa', 600_000), users(1), load('a'));
    const other = await cache.get(scope('bearer:bbb', 600_000), users(1), load('b'));
    expect(other).toMatchObject({ body: { label: 'b' }, source: 'upstream' });
    expect(loads).toEqual(['a', 'b']);
  });

  it('stamps each cached answer with when it was fetched and stops being fresh; an uncached one has no stamp', async () => {
    const { clock, cache, load, scope } = setup();
    const fetched = await cache.get(scope('service:a'), users(1), load('1'));
    expect(fetched.entry).toEqual({ fetchedAt: clock.now(), freshUntil: clock.now() + 60_000 });
    clock.advance(1_000);
    expect((await cache.get(scope('service:a'), users(1), load('2'))).entry).toEqual(fetched.entry);
    expect(await cache.freshEntry(scope('service:a'), users(1))).toEqual(fetched.entry);
    expect(await cache.freshEntry(scope('service:b'), users(1))).toBeUndefined();
    expect((await cache.get(null, users(1), load('3'))).entry).toBeUndefined();
    clock.advance(60_000);
    expect(await cache.freshEntry(scope('service:a'), users(1))).toBeUndefined();
  });

  it('shares one load among identical requests in flight (single flight)', async () => {
    const { cache, scope } = setup();
    const gate = deferred<{ body: unknown; bytes: number }>();
    const loads: string[] = [];
    const slow = () => (loads.push('slow'), gate.promise);
    const first = cache.get(scope('service:a'), users(1), slow);
    const second = cache.get(scope('service:a'), users(1), slow);
    gate.resolve({ body: { label: 'x' }, bytes: 1 });
    expect((await Promise.all([first, second])).map((answer) => answer.source)).toEqual(['upstream', 'shared']);
    expect(loads).toEqual(['slow']);
  });

  it('keeps nothing for a caller without a scope (a token with no readable expiry)', async () => {
    const { cache, loads, load } = setup();
    await cache.get(null, users(1), load('1'));
    await cache.get(null, users(1), load('2'));
    expect(loads).toEqual(['1', '2']);
  });

  it("never outlives its token: the TTL is cut to the token's life, and an expired token is never served", async () => {
    const { clock, cache, loads, load, scope } = setup();
    const shortLived = scope('bearer:aaa', 5_000);
    await cache.get(shortLived, users(1), load('1'));
    clock.advance(5_001);
    await cache.get(shortLived, users(1), load('2'));
    expect(loads).toEqual(['1', '2']);
  });

  it('keeps within its byte bound, dropping the least recently used first', async () => {
    const { cache, loads, load, scope } = setup(25);
    const a = scope('service:a');
    await cache.get(a, users(1), load('1', 10));
    await cache.get(a, users(2), load('2', 10));
    await cache.get(a, users(3), load('3', 10)); // 30 bytes > 25: page 1 goes
    await cache.get(a, users(3), load('3 again', 10));
    await cache.get(a, users(1), load('1 again', 10));
    expect(loads).toEqual(['1', '2', '3', '1 again']);
  });

  it("a write's invalidation forgets every principal's entries under the path, and only those", async () => {
    const { cache, loads, load, scope } = setup();
    for (const principal of ['service:a', 'bearer:b']) {
      await cache.get(scope(principal), details('17449821332893'), load(`${principal} details`));
      await cache.get(scope(principal), users(1), load(`${principal} users`));
    }
    await cache.invalidate('/recover/employees/details/17449821332893');
    for (const principal of ['service:a', 'bearer:b']) {
      await cache.get(scope(principal), details('17449821332893'), load(`${principal} details again`));
      await cache.get(scope(principal), users(1), load(`${principal} users again`));
    }
    expect(loads.filter((label) => label.endsWith('again'))).toEqual(['service:a details again', 'bearer:b details again']);
  });
});
