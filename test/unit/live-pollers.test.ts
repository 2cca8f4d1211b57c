/**
 * The pollers' invariants (core/live/pollers.ts over polling.ts), case by case, with a scripted poll
 * source (what the upstream would show at each poll) and Jest's clock: the baseline sends nothing, a
 * change reaches every subscriber of the key once, a failed poll is skipped and caught up, an
 * UNAUTHENTICATED poll ends every subscription, the last subscriber leaving stops the polls, a
 * token's expiry ends the subscriptions, and the limits refuse with RATE_LIMITED.
 */
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../../src/core/error-codes';
import { createLogger } from '../../src/core/logger';
import { LivePollers } from '../../src/core/live/pollers';
import { LocalPolling, type PollSource } from '../../src/core/live/polling';

const INTERVAL = 1_000;

/** Each poll reads the next of `reads`: a value (the whole state), or an error to throw. The events are the values that changed. */
function scripted(reads: Array<string | Error>): PollSource<string, string> & { polls: number } {
  const source = {
    polls: 0,
    async poll(previous: string | undefined) {
      const read = reads[Math.min(source.polls, reads.length - 1)];
      source.polls += 1;
      if (read instanceof Error) throw read;
      return { events: previous !== undefined && previous !== read ? [read] : [], state: read, reads: 1 };
    },
    revive: (event: unknown) => String(event),
  };
  return source;
}

function pollers(limits = { perClient: 100, pollersPerPrincipal: 20, total: 10_000 }) {
  return new LivePollers(new LocalPolling(INTERVAL, createLogger('silent'), () => undefined), limits);
}

/** Reads what a subscription has delivered so far, and whether it ended. */
function collect(iterator: AsyncIterableIterator<unknown>) {
  const seen: unknown[] = [];
  const state = { seen, ended: false };
  void (async () => {
    for await (const value of iterator) seen.push(value instanceof GraphQLError ? `error:${String(value.extensions.code)}` : value);
    state.ended = true;
  })();
  return state;
}

const who = (principal = 'p') => ({ principal });

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

it('the baseline sends nothing; a change reaches every subscriber of the key once; one source for all', async () => {
  const live = pollers();
  const source = scripted(['a', 'a', 'b', 'b']);
  const first = collect(await live.subscribe(who(), 'c1', () => source));
  const second = collect(await live.subscribe(who(), 'c1', () => scripted(['never read'])));
  await jest.advanceTimersByTimeAsync(INTERVAL * 3);
  expect(first.seen).toEqual(['b']);
  expect(second.seen).toEqual(['b']);
  expect(source.polls).toBe(4);
});

it('another principal of the same key has its own poller', async () => {
  const live = pollers();
  const mine = scripted(['a']);
  const theirs = scripted(['a']);
  await live.subscribe(who('p'), 'c1', () => mine);
  await live.subscribe(who('q'), 'c1', () => theirs);
  expect(live.counts().pollers).toBe(2);
  await jest.advanceTimersByTimeAsync(INTERVAL);
  expect([mine.polls, theirs.polls]).toEqual([2, 2]);
});

it('a failed poll is skipped, and the next one emits the change once', async () => {
  const live = pollers();
  const outage = new GraphQLError('down', { extensions: { code: ErrorCode.UPSTREAM_ERROR } });
  const seen = collect(await live.subscribe(who(), 'c1', () => scripted(['a', outage, outage, 'b', 'b'])));
  await jest.advanceTimersByTimeAsync(INTERVAL * 4);
  expect(seen).toEqual({ seen: ['b'], ended: false });
});

it('a baseline that fails fails the subscription, and leaves no poller', async () => {
  const live = pollers();
  const missing = new GraphQLError('no campaign', { extensions: { code: ErrorCode.NOT_FOUND } });
  await expect(live.subscribe(who(), 'c1', () => scripted([missing]))).rejects.toBe(missing);
  expect(live.counts().pollers).toBe(0);
});

it('an UNAUTHENTICATED poll ends every subscription of the key with that error', async () => {
  const live = pollers();
  const refused = new GraphQLError('expired', { extensions: { code: ErrorCode.UNAUTHENTICATED } });
  const source = scripted(['a', refused]);
  const seen = collect(await live.subscribe(who(), 'c1', () => source));
  await jest.advanceTimersByTimeAsync(INTERVAL);
  expect(seen).toEqual({ seen: ['error:UNAUTHENTICATED'], ended: true });
  await jest.advanceTimersByTimeAsync(INTERVAL * 3);
  expect(source.polls).toBe(2);
  expect(live.counts().pollers).toBe(0);
});

it("the token's expiry ends the subscriptions then, without a poll", async () => {
  const live = pollers();
  const source = scripted(['a']);
  const seen = collect(await live.subscribe({ principal: 'p', expiresAt: Date.now() + INTERVAL / 2 }, 'c1', () => source));
  await jest.advanceTimersByTimeAsync(INTERVAL / 2);
  expect(seen).toEqual({ seen: ['error:UNAUTHENTICATED'], ended: true });
  expect(source.polls).toBe(1);
});

it('the last subscriber leaving stops the polls at once', async () => {
  const live = pollers();
  const source = scripted(['a']);
  const first = await live.subscribe(who(), 'c1', () => source);
  const second = await live.subscribe(who(), 'c1', () => source);
  await first.return!();
  await jest.advanceTimersByTimeAsync(INTERVAL);
  expect(source.polls).toBe(2);
  await second.return!();
  await jest.advanceTimersByTimeAsync(INTERVAL * 3);
  expect(source.polls).toBe(2);
  expect(live.counts()).toMatchObject({ pollers: 0, polling: 0 });
});

it.each([
  ['subscriptions from one client', { perClient: 2, pollersPerPrincipal: 20, total: 100 }, 'subscriptions from this client (at most 2)'],
  ['subscriptions in the process', { perClient: 100, pollersPerPrincipal: 20, total: 2 }, 'subscriptions on this gateway (at most 2)'],
])('%s: the one over the limit is refused with RATE_LIMITED, and a leaving one makes room', (_name, limits, message) => {
  const live = pollers(limits);
  const admitted = [live.admit({ client: 'k', transport: 'sse' }), live.admit({ client: 'k', transport: 'websocket' })];
  expect(live.counts().subscriptions).toEqual({ sse: 1, websocket: 1 });
  expect(() => live.admit({ client: 'k' })).toThrow(
    expect.objectContaining({ extensions: expect.objectContaining({ code: 'RATE_LIMITED' }) }),
  );
  expect(() => live.admit({ client: 'k' })).toThrow(new RegExp(message.replace(/[()]/g, '\\$&')));
  admitted[0]();
  admitted[0](); // counted out once, however often called
  expect(() => live.admit({ client: 'k' })).not.toThrow();
});

it('campaigns watched per caller: a new key over the limit is refused; more subscribers of a watched one are not', async () => {
  const live = pollers({ perClient: 100, pollersPerPrincipal: 1, total: 100 });
  await live.subscribe(who(), 'c1', () => scripted(['a']));
  await expect(live.subscribe(who(), 'c2', () => scripted(['a']))).rejects.toThrow(/campaigns watched by this caller \(at most 1\)/);
  await expect(live.subscribe(who(), 'c1', () => scripted(['a']))).resolves.toBeDefined();
});
