/**
 * The traffic layer's pieces alone, their decisions recorded as data: the order the scheduler serves
 * principals in, its limit after a 429, the retry budget against a hand-moved clock, Retry-After.
 */
import { isUpstreamFailure, isUpstreamTrouble, UpstreamError, type UpstreamFailure } from '../../src/core/errors';
import { statusPolicyOf } from '../../src/core/status-policy';
import { RetryBudget } from '../../src/core/traffic/retry-budget';
import { MAX_RETRY_AFTER_MS, parseRetryAfter } from '../../src/core/http/retry-after';
import { UpstreamScheduler } from '../../src/core/traffic/scheduler';
import { isRetryableRead } from '../../src/core/upstream/traffic';
import { ExchangeTimer } from '../../src/core/http/exchange-timer';
import { deferred } from '../support/deferred';
import { ManualClock } from '../support/manual-clock';

const FAR = () => Date.now() + 60_000;

describe('UpstreamScheduler', () => {
  it('serves waiting principals in turn, FIFO within each: a heavy tenant cannot starve a light one', async () => {
    const scheduler = new UpstreamScheduler({ maxInFlight: 1, deadlineMs: 60_000 });
    const gate = deferred();
    const served: string[] = [];
    const call = (principal: string, label: string, wait?: Promise<void>) =>
      scheduler.run(principal, 'GET /users', FAR(), async () => {
        served.push(label);
        await wait;
      });
    const first = call('a', 'a1', gate.promise);
    const rest = [call('a', 'a2'), call('a', 'a3'), call('a', 'a4'), call('b', 'b1'), call('a', 'a5'), call('b', 'b2')];
    expect(scheduler.snapshot()).toMatchObject({ inFlight: 1, waiting: 6 });
    gate.resolve();
    await Promise.all([first, ...rest]);
    expect(served).toEqual(['a1', 'a2', 'b1', 'a3', 'b2', 'a4', 'a5']);
  });

  it('never runs more than its limit at once', async () => {
    const scheduler = new UpstreamScheduler({ maxInFlight: 3, deadlineMs: 60_000 });
    const gates = Array.from({ length: 10 }, () => deferred());
    const runs = gates.map((gate, index) => scheduler.run(`p${index % 2}`, 'GET /users', FAR(), () => gate.promise));
    expect(scheduler.snapshot()).toMatchObject({ inFlight: 3, waiting: 7 });
    gates.forEach((gate) => gate.resolve());
    await Promise.all(runs);
    expect(scheduler.snapshot()).toMatchObject({ inFlight: 0, waiting: 0, peakInFlight: 3 });
  });

  it('a 429 halves the limit, never above the calls the upstream is still serving; successes grow it back', async () => {
    const scheduler = new UpstreamScheduler({ maxInFlight: 8, deadlineMs: 60_000 });
    const gates = [deferred(), deferred()];
    const serving = gates.map((gate) => scheduler.run('a', 'GET /users', FAR(), () => gate.promise));
    const tooMany = () => Promise.reject(new UpstreamError({ endpoint: 'GET /users', kind: 'status', status: 429 }));
    await expect(scheduler.run('a', 'GET /users', FAR(), tooMany)).rejects.toBeInstanceOf(UpstreamError);
    expect(scheduler.snapshot('a').limit).toBe(2); // half of 8 is 4, but the upstream was serving 2
    gates.forEach((gate) => gate.resolve());
    await Promise.all(serving);
    const limits: number[] = [];
    for (let round = 0; round < 3; round += 1) {
      await Promise.all(Array.from({ length: 8 }, () => scheduler.run('a', 'GET /users', FAR(), async () => undefined)));
      limits.push(scheduler.snapshot('a').limit);
    }
    expect(limits).toEqual([4, 6, 7]); // +1/limit per success: about one more per round of `limit` calls
  });

  it("keeps one principal's 429 and Retry-After its own: another principal's calls go on at full limit", async () => {
    const scheduler = new UpstreamScheduler({ maxInFlight: 8, deadlineMs: 60_000 });
    const paused = () => Promise.reject(new UpstreamError({ endpoint: 'GET /users', kind: 'status', status: 429, retryAfterMs: 10_000 }));
    await expect(scheduler.run('a', 'GET /users', FAR(), paused)).rejects.toBeInstanceOf(UpstreamError);
    const ran: string[] = [];
    const held = scheduler.run('a', 'GET /users', Date.now() + 200, async () => void ran.push('a'));
    await Promise.all(Array.from({ length: 8 }, (_, n) => scheduler.run('b', 'GET /users', FAR(), async () => void ran.push(`b${n}`))));
    expect(ran).toEqual(['b0', 'b1', 'b2', 'b3', 'b4', 'b5', 'b6', 'b7']);
    expect(scheduler.snapshot('a').limit).toBe(1);
    expect(scheduler.snapshot('b').limit).toBe(8);
    expect(scheduler.snapshot()).toMatchObject({ waiting: 1, limit: 1 });
    await expect(held).rejects.toMatchObject({ extensions: { code: 'UPSTREAM_TIMEOUT' } });
    expect(ran).not.toContain('a');
  });

  it("halves only the slow principal's limit when its calls are far slower than the upstream's usual", async () => {
    const scheduler = new UpstreamScheduler({ maxInFlight: 8, deadlineMs: 60_000 });
    const quick = () => scheduler.run('b', 'GET /users', FAR(), async () => undefined);
    for (let n = 0; n < 20; n += 1) await quick();
    await scheduler.run('a', 'GET /users', FAR(), () => new Promise((resolve) => setTimeout(resolve, 120)));
    expect(scheduler.snapshot('a').limit).toBe(4);
    expect(scheduler.snapshot('b').limit).toBe(8);
  });

  it('background calls (polls) hold at most half the slots and wait behind every interactive call', async () => {
    const scheduler = new UpstreamScheduler({ maxInFlight: 4, deadlineMs: 60_000 });
    const started: string[] = [];
    const gates = new Map<string, ReturnType<typeof deferred<void>>>();
    const call = (label: string, background: boolean) => {
      gates.set(label, deferred());
      return scheduler.run(
        label.startsWith('poll') ? 'subscriber' : 'person',
        'GET /details',
        FAR(),
        async () => {
          started.push(label);
          await gates.get(label)!.promise;
        },
        background,
      );
    };
    const polls = ['poll1', 'poll2', 'poll3'].map((label) => call(label, true));
    expect(started).toEqual(['poll1', 'poll2']); // half of 4
    const queries = ['q1', 'q2', 'q3'].map((label) => call(label, false));
    expect(started).toEqual(['poll1', 'poll2', 'q1', 'q2']);
    gates.get('poll1')!.resolve();
    await polls[0];
    // A slot is free: the waiting query goes first, the third poll still waits.
    expect(started).toEqual(['poll1', 'poll2', 'q1', 'q2', 'q3']);
    for (const label of ['q1', 'q2', 'q3']) gates.get(label)!.resolve();
    await Promise.all(queries);
    expect(started.at(-1)).toBe('poll3');
    gates.get('poll2')!.resolve();
    gates.get('poll3')!.resolve();
    await Promise.all(polls);
    expect(scheduler.snapshot()).toMatchObject({ inFlight: 0, waiting: 0 });
  });

  it('refuses a call still waiting when its deadline passes, and never runs it', async () => {
    const scheduler = new UpstreamScheduler({ maxInFlight: 1, deadlineMs: 50 });
    const gate = deferred();
    const ran: string[] = [];
    const busy = scheduler.run('a', 'GET /users', FAR(), () => gate.promise);
    const late = scheduler.run('b', 'GET /assets', Date.now() + 50, async () => void ran.push('late'));
    await expect(late).rejects.toMatchObject({ extensions: { code: 'UPSTREAM_TIMEOUT' } });
    gate.resolve();
    await busy;
    expect(ran).toEqual([]);
  });
});

describe('RetryBudget', () => {
  it('allows retries up to its share of recent calls, with a floor, and refills as the window slides', () => {
    const clock = new ManualClock();
    const budget = new RetryBudget({ ratio: 0.2, minPerSecond: 0.1, windowMs: 10_000, clock });
    const granted = () => {
      let count = 0;
      while (budget.tryRetry()) count += 1;
      return count;
    };
    expect(granted()).toBe(1); // the floor: 0.1/s over 10 s
    for (let call = 0; call < 50; call += 1) budget.recordCall();
    expect(granted()).toBe(9); // 20% of 50, one already taken
    clock.advance(11_000);
    expect(granted()).toBe(1); // the window has slid past every call and retry
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-12-01T10:00:00Z');
  it.each<[string | null, number | undefined]>([
    [null, undefined],
    ['', undefined],
    ['soon', undefined],
    ['0', 0],
    ['2', 2_000],
    ['3600', MAX_RETRY_AFTER_MS],
    ['Tue, 01 Dec 2026 10:00:05 GMT', 5_000],
    ['Tue, 01 Dec 2026 09:59:00 GMT', 0],
  ])('%p -> %p ms', (header, expected) => {
    expect(parseRetryAfter(header, now)).toBe(expected);
  });
});

describe('the status policy: what each upstream failure means, for every stage', () => {
  type Kind = UpstreamFailure['kind'];
  const failure = (status?: number, kind: Kind = 'status') => new UpstreamError({ endpoint: 'GET /users', kind, status });
  // name, failure, retried, spends the retry budget, breaker failure, stale may stand in, slows the principal, code
  it.each<[string, UpstreamError, boolean, boolean, boolean, boolean, boolean, string]>([
    ['500', failure(500), true, true, true, true, false, 'UPSTREAM_ERROR'],
    ['502', failure(502), true, true, true, true, false, 'UPSTREAM_ERROR'],
    ['503', failure(503), true, true, true, true, false, 'UPSTREAM_ERROR'],
    ['504', failure(504), true, true, true, true, false, 'UPSTREAM_ERROR'],
    ['501', failure(501), false, false, true, true, false, 'UPSTREAM_ERROR'],
    ['429', failure(429), true, false, false, true, true, 'UPSTREAM_ERROR'],
    ['timeout', failure(undefined, 'timeout'), true, true, true, true, false, 'UPSTREAM_TIMEOUT'],
    ['network', failure(undefined, 'network'), true, true, true, true, false, 'UPSTREAM_ERROR'],
    ['oversized', failure(200, 'oversized'), false, false, true, true, false, 'UPSTREAM_ERROR'],
    ['redirect', failure(307, 'redirect'), false, false, false, true, false, 'UPSTREAM_ERROR'],
    ['400', failure(400), false, false, false, false, false, 'BAD_USER_INPUT'],
    ['401', failure(401), false, false, false, false, false, 'UNAUTHENTICATED'],
    ['403', failure(403), false, false, false, false, false, 'UNAUTHENTICATED'],
    ['404', failure(404), false, false, false, false, false, 'NOT_FOUND'],
    ['409', failure(409), false, false, false, false, false, 'CONFLICT'],
    ['422', failure(422), false, false, false, false, false, 'BAD_USER_INPUT'],
    ['418', failure(418), false, false, false, true, false, 'UPSTREAM_ERROR'],
  ])(
    '%s: retried %p, spends budget %p, breaker %p, stale %p, slows %p, %s',
    (_name, error, retried, spends, breaks, stale, slows, code) => {
      const policy = statusPolicyOf(error.failure);
      expect([
        isRetryableRead(error),
        policy.spendsBudget,
        isUpstreamFailure(error),
        isUpstreamTrouble(error),
        policy.slowsDown,
        error.code,
      ]).toEqual([retried, spends, breaks, stale, slows, code]);
    },
  );
});

describe('ExchangeTimer: the timeout of one exchange', () => {
  const busyFor = (ms: number) => {
    const until = performance.now() + ms;
    while (performance.now() < until);
  };

  it('times out after its time when the process is idle', async () => {
    const started = performance.now();
    await new Promise<void>((resolve) => new ExchangeTimer(30, resolve));
    // Node's timers have millisecond granularity: allow one.
    expect(performance.now() - started).toBeGreaterThanOrEqual(29);
  });

  it('gives back the time the event loop was blocked, so a busy gateway does not blame the upstream', async () => {
    new ExchangeTimer(1, () => undefined); // the stall ticker runs from the first exchange on
    await new Promise((resolve) => setImmediate(resolve));
    const started = performance.now();
    const timedOut = new Promise<void>((resolve) => new ExchangeTimer(50, resolve));
    busyFor(150);
    await timedOut;
    // Without the stall given back it would fire at about 150 ms; with it, about 130 ms later.
    expect(performance.now() - started).toBeGreaterThan(220);
  });
});
