/**
 * Live updates over an upstream that can only be polled: one poller per key (a principal and what it
 * watches), shared by every subscriber of that key, so N subscribers cost the upstream what one costs.
 * A poller's first poll is its baseline (no events; a subscriber gets changes after it subscribed, no
 * replay), and a source that fails then fails the subscription before anything is streamed. Later
 * polls run every `intervalMs`; their events go to every subscriber; a failed poll is logged and
 * skipped (the source keeps its last state, so the next poll emits each change once), unless the
 * upstream no longer accepts the caller (its token expired): then every subscriber gets that error
 * as its last event and the poller stops. The last subscriber leaving stops the poller at once.
 */
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../error-codes';
import type { Logger } from '../logger';

/**
 * How often a campaign is polled for its subscribers (SUBSCRIPTIONS_POLL_MS): half a minute is as
 * fresh as a shipment status needs, and one read a page every 30 s per watched campaign is light.
 */
export const DEFAULT_POLL_MS = 30_000;

/** What a poller asks each interval: the events since its last poll (the first call sets the baseline). */
export interface PollSource<Event> {
  poll(): Promise<Event[]>;
}

interface Poller<Event> {
  ready: Promise<void>;
  subscribers: Set<Subscriber<Event | GraphQLError>>;
  timer?: NodeJS.Timeout;
}

export class LivePollers {
  private readonly pollers = new Map<string, Poller<unknown>>();

  constructor(
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {}

  /** Pollers running now, and their subscribers. */
  counts(): { pollers: number; subscribers: number } {
    let subscribers = 0;
    for (const poller of this.pollers.values()) subscribers += poller.subscribers.size;
    return { pollers: this.pollers.size, subscribers };
  }

  /** The events of `key`'s poller from now on, starting it with `source` if none runs. */
  async subscribe<Event>(key: string, source: () => PollSource<Event>): Promise<AsyncIterableIterator<Event | GraphQLError>> {
    let poller = this.pollers.get(key) as Poller<Event> | undefined;
    if (!poller) {
      const created: Poller<Event> = { ready: Promise.resolve(), subscribers: new Set() };
      const polled = source();
      created.ready = polled.poll().then(() => this.schedule(key, created, polled));
      this.pollers.set(key, created as Poller<unknown>);
      poller = created;
      created.ready.catch(() => this.pollers.get(key) === (created as Poller<unknown>) && this.pollers.delete(key));
    }
    await poller.ready;
    const subscriber = new Subscriber<Event | GraphQLError>(() => this.leave(key, poller, subscriber));
    poller.subscribers.add(subscriber);
    return subscriber;
  }

  private schedule<Event>(key: string, poller: Poller<Event>, source: PollSource<Event>): void {
    poller.timer = setTimeout(() => {
      source
        .poll()
        .then(
          (events) => {
            for (const event of events) for (const subscriber of poller.subscribers) subscriber.push(event);
          },
          (error: unknown) => {
            if (error instanceof GraphQLError && error.extensions.code === ErrorCode.UNAUTHENTICATED) {
              for (const subscriber of poller.subscribers) subscriber.end(error);
              return;
            }
            this.logger.warn({ key: key.split('\u0000').pop(), error: String(error) }, 'live poll failed; the next one catches up');
          },
        )
        .finally(() => {
          if (this.pollers.get(key) === (poller as Poller<unknown>)) this.schedule(key, poller, source);
        });
    }, this.intervalMs);
  }

  private leave<Event>(key: string, poller: Poller<Event>, subscriber: Subscriber<Event | GraphQLError>): void {
    poller.subscribers.delete(subscriber);
    if (poller.subscribers.size > 0) return;
    clearTimeout(poller.timer);
    if (this.pollers.get(key) === (poller as Poller<unknown>)) this.pollers.delete(key);
  }

  /** Ends every subscription (shutdown). */
  close(): void {
    for (const [key, poller] of this.pollers) {
      clearTimeout(poller.timer);
      for (const subscriber of poller.subscribers) void subscriber.return();
      this.pollers.delete(key);
    }
  }
}

/** Events a subscriber may leave unread before its subscription is ended (a client that stopped reading). */
const MAX_UNREAD = 1_000;

/** One subscriber's events, as the async iterator GraphQL subscriptions read. */
class Subscriber<Event> implements AsyncIterableIterator<Event> {
  private readonly buffered: Event[] = [];
  private waiting?: (result: IteratorResult<Event>) => void;
  private done = false;
  /** Done once what is buffered has been read. */
  private ending = false;

  constructor(private readonly onEnd: () => void) {}

  /** `last` is delivered, then the iterator is done. */
  end(last: Event): void {
    this.push(last);
    this.ending = true;
    if (!this.buffered.length) void this.return();
  }

  push(event: Event): void {
    if (this.done) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ value: event, done: false });
    } else if (this.buffered.push(event) > MAX_UNREAD) void this.return();
  }

  next(): Promise<IteratorResult<Event>> {
    if (this.buffered.length) {
      const value = this.buffered.shift()!;
      if (this.ending && !this.buffered.length) queueMicrotask(() => void this.return());
      return Promise.resolve({ value, done: false });
    }
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => (this.waiting = resolve));
  }

  return(): Promise<IteratorResult<Event>> {
    if (!this.done) {
      this.done = true;
      this.buffered.length = 0;
      this.waiting?.({ value: undefined, done: true });
      this.waiting = undefined;
      this.onEnd();
    }
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<Event> {
    return this;
  }
}
