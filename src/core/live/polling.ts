/**
 * Who polls a watched thing and where its last-seen state lives. `LocalPolling`: this process polls
 * every key it watches and keeps the state in memory (one replica, or no Redis). `RedisPolling`
 * (redis-polling.ts): one replica of the fleet polls each key, by a lease, with the state in Redis.
 * Either way a poll's events are delivered once to each replica watching the key, and a watcher's
 * first poll is its baseline: no events, and the source's error (NOT_FOUND, UNAUTHENTICATED) fails
 * the watch before anything is streamed.
 */
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../error-codes';
import type { Logger } from '../logger';

/** One read of a watched thing: what changed since the previous state, and the state to compare the next read with. */
export interface Polled<Event, State> {
  events: Event[];
  state: State;
  /** Upstream reads it took (for the reads-per-event metric). */
  reads: number;
}

export interface PollSource<Event, State> {
  /** Reads now. Without `previous` this read is the baseline: it returns no events. */
  poll(previous: State | undefined): Promise<Polled<Event, State>>;
  /** An event as it arrives from another replica, through JSON. */
  revive(event: unknown): Event;
}

/** What a watcher is told: a poll's events, or the error that ends every subscription of the key. */
export type Delivery<Event> = { events: Event[] } | { end: GraphQLError };

/** Told of every poll after a baseline. */
export type PollReport = (outcome: { ok: boolean; events: number; reads: number }) => void;

export interface PollCoordination {
  /**
   * Watches `key` until the returned function is called: `deliver` gets each poll's events, once.
   * Resolves once a baseline exists (reading one if none does); rejects with the source's error.
   */
  watch<Event, State>(key: string, source: PollSource<Event, State>, deliver: (delivery: Delivery<Event>) => void): Promise<() => void>;
  /** Keys this replica polls the upstream for now. */
  polling(): number;
  /** Stops everything (shutdown), letting the fleet take over at once. */
  close(): Promise<void>;
}

/** A poll failure that ends the subscriptions rather than waiting for the next poll: the upstream no longer accepts the caller. */
export function endsWatch(error: unknown): error is GraphQLError {
  return error instanceof GraphQLError && error.extensions.code === ErrorCode.UNAUTHENTICATED;
}

/** Every watched key polled here, its state in memory. */
export class LocalPolling implements PollCoordination {
  private readonly timers = new Set<{ timer?: NodeJS.Timeout }>();

  constructor(
    private readonly intervalMs: number,
    private readonly logger: Logger,
    private readonly report: PollReport,
  ) {}

  async watch<Event, State>(key: string, source: PollSource<Event, State>, deliver: (delivery: Delivery<Event>) => void) {
    let { state } = await source.poll(undefined);
    const watching: { timer?: NodeJS.Timeout } = {};
    this.timers.add(watching);
    const next = () => {
      watching.timer = setTimeout(() => void poll().finally(() => this.timers.has(watching) && next()), this.intervalMs);
    };
    const poll = async () => {
      try {
        const polled = await source.poll(state);
        state = polled.state;
        this.report({ ok: true, events: polled.events.length, reads: polled.reads });
        if (polled.events.length) deliver({ events: polled.events });
      } catch (error) {
        this.report({ ok: false, events: 0, reads: 0 });
        if (endsWatch(error)) return deliver({ end: error });
        this.logger.warn({ key: watchedPart(key), error: String(error) }, 'live poll failed; the next one catches up');
      }
    };
    next();
    return () => {
      clearTimeout(watching.timer);
      this.timers.delete(watching);
    };
  }

  polling(): number {
    return this.timers.size;
  }

  async close(): Promise<void> {
    for (const watching of this.timers) clearTimeout(watching.timer);
    this.timers.clear();
  }
}

/** The part of a poller's key that names what it watches (the principal is not logged). */
export function watchedPart(key: string): string | undefined {
  return key.split('\u0000').pop();
}
