/** At most once per (principal, key): in-flight sharing, failures forgotten, other input refused. */
import { IdempotencyStore } from '../../src/core/idempotency';
import { deferred } from '../support/deferred';

function recordingWrite<T>(answers: Array<() => Promise<T>>) {
  const calls: number[] = [];
  const write = () => {
    calls.push(calls.length + 1);
    return answers[calls.length - 1]();
  };
  return { write, calls };
}

describe('IdempotencyStore.run', () => {
  it('a repeat with the same key and input replays the first result without writing again', async () => {
    const store = new IdempotencyStore();
    const { write, calls } = recordingWrite([async () => 'code-1', async () => 'code-2']);
    expect(await store.run('p', 'k', { a: 1 }, write)).toEqual({ result: 'code-1', replayed: false });
    expect(await store.run('p', 'k', { a: 1 }, write)).toEqual({ result: 'code-1', replayed: true });
    expect(calls).toEqual([1]);
  });

  it('a repeat while the first write is in flight shares it', async () => {
    const store = new IdempotencyStore();
    const gate = deferred<string>();
    const { write, calls } = recordingWrite([() => gate.promise]);
    const first = store.run('p', 'k', { a: 1 }, write);
    const second = store.run('p', 'k', { a: 1 }, write);
    gate.resolve('code-1');
    expect(await Promise.all([first, second])).toEqual([
      { result: 'code-1', replayed: false },
      { result: 'code-1', replayed: true },
    ]);
    expect(calls).toEqual([1]);
  });

  it('a failed write is forgotten, so the retry with the key goes through', async () => {
    const store = new IdempotencyStore();
    const { write, calls } = recordingWrite([async () => Promise.reject(new Error('502')), async () => 'code-2']);
    await expect(store.run('p', 'k', { a: 1 }, write)).rejects.toThrow('502');
    expect(await store.run('p', 'k', { a: 1 }, write)).toEqual({ result: 'code-2', replayed: false });
    expect(calls).toEqual([1, 2]);
  });

  it('the same key with other input is CONFLICT, and nothing is written', async () => {
    const store = new IdempotencyStore();
    const { write, calls } = recordingWrite([async () => 'code-1']);
    await store.run('p', 'k', { a: 1 }, write);
    await expect(store.run('p', 'k', { a: 2 }, write)).rejects.toMatchObject({ extensions: { code: 'CONFLICT' } });
    expect(calls).toEqual([1]);
  });

  it('input with the same values in another key order is the same input', async () => {
    const store = new IdempotencyStore();
    const { write, calls } = recordingWrite([async () => 'code-1']);
    await store.run('p', 'k', { a: 1, b: [{ c: 1, d: 2 }] }, write);
    expect(await store.run('p', 'k', { b: [{ d: 2, c: 1 }], a: 1 }, write)).toEqual({ result: 'code-1', replayed: true });
    expect(calls).toEqual([1]);
  });

  it("one principal's key never answers another's", async () => {
    const store = new IdempotencyStore();
    const { write, calls } = recordingWrite([async () => 'mine', async () => 'theirs']);
    await store.run('p1', 'k', { a: 1 }, write);
    expect(await store.run('p2', 'k', { a: 1 }, write)).toEqual({ result: 'theirs', replayed: false });
    expect(calls).toEqual([1, 2]);
  });

  it('without a key, or without a principal to scope it, every call writes', async () => {
    const store = new IdempotencyStore();
    const { write, calls } = recordingWrite([async () => 1, async () => 2, async () => 3, async () => 4]);
    await store.run('p', undefined, {}, write);
    await store.run('p', undefined, {}, write);
    await store.run(null, 'k', {}, write);
    await store.run(null, 'k', {}, write);
    expect(calls).toEqual([1, 2, 3, 4]);
  });

  it('is bounded: past maxEntries the least recently used key is forgotten', async () => {
    const store = new IdempotencyStore({ maxEntries: 2, ttlMs: 60_000 });
    const { write, calls } = recordingWrite([async () => 1, async () => 2, async () => 3, async () => 4]);
    for (const key of ['k1', 'k2', 'k3']) await store.run('p', key, {}, write);
    expect((await store.run('p', 'k1', {}, write)).replayed).toBe(false);
    expect(calls).toEqual([1, 2, 3, 4]);
  });
});
