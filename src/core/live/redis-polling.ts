/**
 * One poller for the fleet (REDIS_URL): every replica with subscribers of a key watches it, one of
 * them polls. A lease in Redis decides which: the holder renews it at each poll; a lease not renewed
 * for 1.5 intervals is free, and the others try for it every half interval, so a replica that dies is
 * replaced within two intervals (one that shuts down hands it over at once). The last-seen state
 * lives in Redis: a poll compares with what the fleet last saw, so a change made while the lease moves
 * is emitted once. The new state and the poll's events are stored and published in one script, and
 * only while the lease is still held: a holder that lost it mid-poll neither writes nor publishes.
 * Every watching replica (the holder too) gets the events by Redis pub/sub.
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

/** Takes the lease if it is free or ours (renewing it and the state's expiry); returns whether held and the state. */
const TAKE_LEASE = `
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
const RELEASE = `
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0`;

/** What travels on a key's channel. */
type Message = { events: unknown[] } | { end: { message: string; extensions: Record<string, unknown> } };

interface Watching {
  timer?: NodeJS.Timeout;
  stopped: boolean;
  holding: boolean;
  release(): Promise<void>;
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
    const names = { lease: `live:${id}:lease`, state: `live:${id}:state`, channel: `${this.redis.keyPrefix}live:${id}` };
    const heard = (text: string) => deliver(delivered(JSON.parse(text) as Message, source));
    try {
      await this.listen(names.channel, heard);
    } catch {
      this.logger.warn({ key: watchedPart(key) }, 'Redis unreachable: this replica polls the subscription on its own');
      return this.local.watch(key, source, deliver);
    }
    try {
      await this.baseline(names.state, source);
    } catch (error) {
      await this.unlisten(names.channel);
      throw error;
    }
    const watching: Watching = {
      stopped: false,
      holding: false,
      release: () => this.redis.run((client) => client.eval(RELEASE, 1, names.lease, this.me)).then(() => undefined),
    };
    this.watching.add(watching);
    const next = (ms: number) => {
      if (!watching.stopped) watching.timer = setTimeout(() => void this.turn(key, names, source, watching).then(afterTurn), ms);
    };
    const afterTurn = (ms: number) => {
      // Stopped during the turn: hand the lease on rather than let it run out.
      if (watching.stopped && watching.holding) void watching.release().catch(() => undefined);
      next(ms);
    };
    next(this.intervalMs / 2);
    return () => {
      watching.stopped = true;
      clearTimeout(watching.timer);
      this.watching.delete(watching);
      void this.unlisten(names.channel).catch(() => undefined);
      if (watching.holding) void watching.release().catch(() => undefined);
    };
  }

  /** A state to compare the next poll with: the fleet's, or a first read of our own (which also checks the caller may read it). */
  private async baseline<Event, State>(stateKey: string, source: PollSource<Event, State>): Promise<void> {
    const stored = await this.redis.run((client) => client.exists(stateKey)).catch(() => 0);
    if (stored) return;
    const { state } = await source.poll(undefined);
    // Another replica's state, if one was stored meanwhile, is as good: keep it.
    await this.redis.run((client) => client.set(stateKey, JSON.stringify(state), 'PX', this.stateTtlMs, 'NX')).catch(() => undefined);
  }

  /** One turn of a key: poll if the lease is ours or free; returns when to take the next turn. */
  private async turn<Event, State>(
    key: string,
    names: { lease: string; state: string; channel: string },
    source: PollSource<Event, State>,
    watching: Watching,
  ): Promise<number> {
    const leaseMs = Math.round(this.intervalMs * 1.5);
    const taken = (await this.redis
      .run((client) => client.eval(TAKE_LEASE, 2, names.lease, names.state, this.me, leaseMs, this.stateTtlMs))
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
    const held = [...this.watching].filter((watching) => watching.holding);
    for (const watching of this.watching) {
      watching.stopped = true;
      clearTimeout(watching.timer);
    }
    this.watching.clear();
    await Promise.all(held.map((watching) => watching.release().catch(() => undefined)));
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
