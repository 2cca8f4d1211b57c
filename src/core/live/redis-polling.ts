/**
 * One poller for the fleet (REDIS_URL): every replica with subscribers of a key watches it, one of
 * them polls. A lease in Redis decides which: the holder renews it at each poll; a lease not renewed
 * for 1.5 intervals is free, and the others try for it every half interval, so a replica that dies is
 * replaced within two intervals (one that shuts down hands it over at once). The last-seen state
 * lives in Redis: a poll compares with what the fleet last saw, so a change made while the lease moves
 * is emitted once. The new state and the poll's events are stored and published in one script, and
 * only while the lease is still held: a holder that lost it mid-poll neither writes nor publishes.
 * Every watching replica (the holder too) gets the events by Redis pub/sub. A replica that starts
 * watching a key no other replica watches reads a baseline of its own rather than the state left
 * from before: a new subscriber gets no replay of what changed while nobody watched.
 *
 * Redis unreachable when a key is first watched here: this replica polls it alone, as without Redis.
 * Unreachable later: the key's polls wait for it (a change is then delayed, never lost or repeated).
 */
import { createHash, randomUUID } from 'node:crypto';
import { GraphQLError } from 'graphql';
import type Redis from 'ioredis';
import type { Logger } from '../logger';
import type { RedisConnection } from '../redis/redis-connection';
import {
  endsWatch,
  LocalPolling,
  watchedPart,
  type Delivery,
  type PollCoordination,
  type Polled,
  type PollReport,
  type PollSource,
} from './polling';

/** Redis's own clock, in ms: one clock for every replica. */
const NOW = `local time = redis.call('time')
local now = time[1] * 1000 + math.floor(time[2] / 1000)`;
/**
 * Counts this replica among the key's watchers (for as long as a lease lasts), then takes the lease
 * if it is free or ours (renewing it and the state's expiry); returns whether held and the state.
 */
const TAKE_LEASE = `${NOW}
redis.call('zadd', KEYS[3], now + ARGV[2], ARGV[1])
redis.call('pexpire', KEYS[3], ARGV[2])
local holder = redis.call('get', KEYS[1])
if holder and holder ~= ARGV[1] then return {0} end
redis.call('set', KEYS[1], ARGV[1], 'px', ARGV[2])
redis.call('pexpire', KEYS[2], ARGV[3])
return {1, redis.call('get', KEYS[2])}`;
/** Stores the state and publishes the events, only while the lease is ours. */
const COMMIT = `
if redis.call('get', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('set', KEYS[2], ARGV[2], 'px', ARGV[3])
if ARGV[5] ~= '' then redis.call('publish', ARGV[4], ARGV[5]) end
return 1`;
/** This replica no longer watches the key: it leaves the watchers, and hands the lease on if it held it. */
const LEAVE = `
redis.call('zrem', KEYS[2], ARGV[1])
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0`;
/** Whether other replicas watch the key now, and whether a state is stored. */
const WATCHED = `${NOW}
redis.call('zremrangebyscore', KEYS[1], '-inf', now)
return {redis.call('zcard', KEYS[1]), redis.call('exists', KEYS[2])}`;

/** What travels on a key's channel. */
type Message = { events: unknown[] } | { end: { message: string; extensions: Record<string, unknown> } };

interface Watching {
  timer?: NodeJS.Timeout;
  stopped: boolean;
  holding: boolean;
  /** Leaves the key's watchers and hands the lease on if held. */
  leave(): Promise<void>;
}

export class RedisPolling implements PollCoordination {
  /** This replica, as lease holder. */
  private readonly me = randomUUID();
  private readonly local: LocalPolling;
  private readonly watching = new Set<Watching>();
  private readonly listeners = new Map<string, (message: string) => void>();
  private listener?: Redis;

  constructor(
    private readonly redis: RedisConnection,
    private readonly intervalMs: number,
    private readonly logger: Logger,
    private readonly report: PollReport,
  ) {
    this.local = new LocalPolling(intervalMs, logger, report);
  }

  async watch<Event, State>(key: string, source: PollSource<Event, State>, deliver: (delivery: Delivery<Event>) => void) {
    // Hashed: a principal may be an email address, and Redis is no place for it.
    const id = createHash('sha256').update(key).digest('hex').slice(0, 32);
    const names = {
      lease: `live:${id}:lease`,
      state: `live:${id}:state`,
      watchers: `live:${id}:watchers`,
      channel: `${this.redis.keyPrefix}live:${id}`,
    };
    const heard = (text: string) => deliver(delivered(JSON.parse(text) as Message, source));
    try {
      await this.listen(names.channel, heard);
    } catch {
      this.logger.warn({ key: watchedPart(key) }, 'Redis unreachable: this replica polls the subscription on its own');
      return this.local.watch(key, source, deliver);
    }
    try {
      await this.baseline(names, source);
    } catch (error) {
      await this.unlisten(names.channel);
      throw error;
    }
    const watching: Watching = {
      stopped: false,
      holding: false,
      leave: () => this.redis.run((client) => client.eval(LEAVE, 2, names.lease, names.watchers, this.me)).then(() => undefined),
    };
    this.watching.add(watching);
    const next = (ms: number) => {
      if (!watching.stopped) watching.timer = setTimeout(() => void this.turn(key, names, source, watching).then(afterTurn), ms);
    };
    const afterTurn = (ms: number) => {
      // Stopped during the turn: leave again (the turn counted us in), handing the lease on rather than letting it run out.
      if (watching.stopped) void watching.leave().catch(() => undefined);
      next(ms);
    };
    next(this.intervalMs / 2);
    return () => {
      watching.stopped = true;
      clearTimeout(watching.timer);
      this.watching.delete(watching);
      void this.unlisten(names.channel).catch(() => undefined);
      void watching.leave().catch(() => undefined);
    };
  }

  /**
   * A state to compare the next poll with. While other replicas watch the key, theirs: their
   * subscribers must still get what changed since their last poll. Otherwise a first read of our
   * own (which also checks the caller may read it), replacing any state left from before: a new
   * subscriber gets no replay of what changed while nobody watched.
   */
  private async baseline<Event, State>(names: { state: string; watchers: string }, source: PollSource<Event, State>): Promise<void> {
    const [watched, stored] = (await this.redis
      .run((client) => client.eval(WATCHED, 2, names.watchers, names.state))
      .catch(() => [0, 0])) as [number, number];
    if (watched && stored) return;
    const { state } = await source.poll(undefined);
    const text = JSON.stringify(state);
    await this.redis
      .run((client) =>
        watched ? client.set(names.state, text, 'PX', this.stateTtlMs, 'NX') : client.set(names.state, text, 'PX', this.stateTtlMs),
      )
      .catch(() => undefined);
  }

  /** One turn of a key: poll if the lease is ours or free; returns when to take the next turn. */
  private async turn<Event, State>(
    key: string,
    names: { lease: string; state: string; watchers: string; channel: string },
    source: PollSource<Event, State>,
    watching: Watching,
  ): Promise<number> {
    const leaseMs = Math.round(this.intervalMs * 1.5);
    const taken = (await this.redis
      .run((client) => client.eval(TAKE_LEASE, 3, names.lease, names.state, names.watchers, this.me, leaseMs, this.stateTtlMs))
      .catch(() => [0])) as [number, string | null | undefined];
    watching.holding = taken[0] === 1;
    if (!watching.holding) return this.intervalMs / 2;
    let polled: Polled<Event, State>;
    try {
      polled = await source.poll(taken[1] ? (JSON.parse(taken[1]) as State) : undefined);
    } catch (error) {
      this.report({ ok: false, events: 0, reads: 0 });
      if (!endsWatch(error)) this.logger.warn({ key: watchedPart(key), error: String(error) }, 'live poll failed; the next one catches up');
      else {
        const end: Message = { end: { message: error.message, extensions: { ...error.extensions } } };
        await this.redis.run((client) => client.publish(names.channel, JSON.stringify(end))).catch(() => undefined);
      }
      return this.intervalMs;
    }
    this.report({ ok: true, events: polled.events.length, reads: polled.reads });
    const message = polled.events.length ? JSON.stringify({ events: polled.events } satisfies Message) : '';
    // Not stored (Redis gone, or the lease lost meanwhile): nothing was published either, and the next poll finds the same changes.
    await this.redis
      .run((client) =>
        client.eval(COMMIT, 2, names.lease, names.state, this.me, JSON.stringify(polled.state), this.stateTtlMs, names.channel, message),
      )
      .catch(() => undefined);
    return this.intervalMs;
  }

  /**
   * A state outlives a few missed polls (an upstream outage, a lease moving), then goes: a key nobody
   * watches any more leaves nothing behind.
   */
  private get stateTtlMs(): number {
    return Math.max(this.intervalMs * 10, 60_000);
  }

  private async listen(channel: string, heard: (message: string) => void): Promise<void> {
    if (!this.listener) {
      // A connection in subscriber mode can do nothing else: its own, made like the shared one.
      this.listener = this.redis.client.duplicate();
      this.listener.on('error', () => undefined);
      this.listener.on('message', (from: string, message: string) => this.listeners.get(from)?.(message));
    }
    if (this.listener.status !== 'ready') await readyWithin(this.listener, LISTENER_READY_MS);
    this.listeners.set(channel, heard);
    await this.listener.subscribe(channel).catch((error: unknown) => {
      this.listeners.delete(channel);
      throw error;
    });
  }

  private async unlisten(channel: string): Promise<void> {
    this.listeners.delete(channel);
    await this.listener?.unsubscribe(channel);
  }

  polling(): number {
    let held = 0;
    for (const watching of this.watching) if (watching.holding) held += 1;
    return held + this.local.polling();
  }

  async close(): Promise<void> {
    const watching = [...this.watching];
    for (const each of watching) {
      each.stopped = true;
      clearTimeout(each.timer);
    }
    this.watching.clear();
    await Promise.all(watching.map((each) => each.leave().catch(() => undefined)));
    await this.local.close();
    this.listener?.disconnect();
  }
}

/** How long a first subscription waits for the pub/sub connection before this replica polls on its own. */
const LISTENER_READY_MS = 2_000;

function readyWithin(connection: Redis, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error('Redis pub/sub connection not ready')), timeoutMs);
    const onReady = () => done();
    const done = (error?: Error) => {
      clearTimeout(timer);
      connection.off('ready', onReady);
      if (error) reject(error);
      else resolve();
    };
    connection.once('ready', onReady);
  });
}

function delivered<Event, State>(message: Message, source: PollSource<Event, State>): Delivery<Event> {
  if ('end' in message) return { end: new GraphQLError(message.end.message, { extensions: message.end.extensions }) };
  return { events: message.events.map((event) => source.revive(event)) };
}
