import { ConcurrencyLimit } from '../../src/core/http/concurrency-limit';
import { deferred } from '../support/deferred';

describe('ConcurrencyLimit', () => {
  it.each([1, 3, 8])('never runs more than %i tasks at once, and runs them all', async (max) => {
    const limit = new ConcurrencyLimit(max);
    let active = 0;
    let peak = 0;
    const gates = Array.from({ length: 20 }, () => deferred());
    const runs = gates.map((gate, index) =>
      limit.run(async () => {
        active += 1;
        peak = Math.max(peak, active);
        await gate.promise;
        active -= 1;
        return index;
      }),
    );
    for (const gate of gates) {
      await Promise.resolve();
      gate.resolve();
    }
    expect(await Promise.all(runs)).toEqual(gates.map((_, index) => index));
    expect(peak).toBe(max);
  });

  it('releases the slot of a task that fails', async () => {
    const limit = new ConcurrencyLimit(1);
    await expect(limit.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(limit.run(async () => 'next')).resolves.toBe('next');
  });
});
