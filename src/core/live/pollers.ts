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
import { tooManySubscriptions } from '../errors';
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

export interface LiveLimits {
  /** Subscriptions one client may hold (a client as the rate limits name it). */
  perClient: number;
  /** Pollers one principal may have running (distinct campaigns it watches). */
  pollersPerPrincipal: number;
  /** Subscriptions in the whole process. */
  total: number;
}

/**
 * 100 subscriptions a client is ten screens of ten campaigns; 20 pollers a principal are 20 campaigns
 * watched, at the default interval under one upstream read a second; 10,000 in a process keep its
 * buffers and sockets within a few hundred MB.
 */
export const DEFAULT_LIVE_LIMITS: LiveLimits = { perClient: 100, pollersPerPrincipal: 20, total: 10_000 };

/** Who a subscription is for: the poller's principal (its key's first part) and the client it counts against. */
export interface Subscribing {
  principal: string;
  client: string;
}

export class LivePollers {
  private readonly pollers = new Map<string, Poller<unknown>>();
  private readonly perClient = new Map<string, number>();
  private readonly perPrincipal = new Map<string, number>();
  private total = 0;

  constructor(
    private readonly intervalMs: number,
    private readonly logger: Logger,
    private readonly limits: LiveLimits = DEFAULT_LIVE_LIMITS,
    /** Told of every poll after the baseline: whether it succeeded, and how many changes it found. */
    private readonly onPoll: (ok: boolean, events: number) => void = () => undefined,
  ) {}

  /** Pollers running now, and their subscribers. */
  counts(): { pollers: number; subscribers: number } {
    let subscribers = 0;
    for (const poller of this.pollers.values()) subscribers += poller.subscribers.size;
    return { pollers: this.pollers.size, subscribers };
  }

  /** The events of `who.principal`'s poller of `watched` from now on, starting it with `source` if none runs. */
  async subscribe<Event>(
    who: Subscribing,
    watched: string,
    source: () => PollSource<Event>,
  ): Promise<AsyncIterableIterator<Event | GraphQLError>> {
    const key = `${who.principal}\u0000${watched}`;
    let poller = this.pollers.get(key) as Poller<Event> | undefined;
    if (this.total >= this.limits.total) throw tooManySubscriptions('subscriptions on this gateway', this.limits.total);
    if ((this.perClient.get(who.client) ?? 0) >= this.limits.perClient)
      throw tooManySubscriptions('subscriptions from this client', this.limits.perClient);
    if (!poller && (this.perPrincipal.get(who.principal) ?? 0) >= this.limits.pollersPerPrincipal)
      throw tooManySubscriptions('campaigns watched by this caller', this.limits.pollersPerPrincipal);
    if (!poller) {
      const created: Poller<Event> = { ready: Promise.resolve(), subscribers: new Set() };
      const polled = source();
      created.ready = polled.poll().then(() => this.schedule(key, created, polled));
      this.pollers.set(key, created as Poller<unknown>);
      this.perPrincipal.set(who.principal, (this.perPrincipal.get(who.principal) ?? 0) + 1);
      poller = created;
      created.ready.catch(() => this.forget(key, created));
    }
    await poller.ready;
    const subscriber = new Subscriber<Event | GraphQLError>(() => {
      this.count(who, -1);
      this.leave(key, poller, subscriber);
    });
    poller.subscribers.add(subscriber);
    this.count(who, 1);
    return subscriber;
  }

  private count(who: Subscribing, by: number): void {
    this.total += by;
    this.perClient.set(who.client, (this.perClient.get(who.client) ?? 0) + by);
    if (this.perClient.get(who.client) === 0) this.perClient.delete(who.client);
  }

  private schedule<Event>(key: string, poller: Poller<Event>, source: PollSource<Event>): void {
    poller.timer = setTimeout(() => {
      source
        .poll()
        .then(
          (events) => {
            this.onPoll(true, events.length);
            for (const event of events) for (const subscriber of poller.subscribers) subscriber.push(event);
          },
          (error: unknown) => {
            this.onPoll(false, 0);
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
    this.forget(key, poller);
  }

  /** Drops `key`'s poller if it is still this one. */
  private forget<Event>(key: string, poller: Poller<Event>): void {
    if (this.pollers.get(key) !== (poller as Poller<unknown>)) return;
    this.pollers.delete(key);
    const principal = key.split('\u0000')[0];
    const left = (this.perPrincipal.get(principal) ?? 1) - 1;
    if (left > 0) this.perPrincipal.set(principal, left);
    else this.perPrincipal.delete(principal);
  }

  /** Ends every subscription (shutdown). */
  close(): void {
    for (const [key, poller] of this.pollers) {
      clearTimeout(poller.timer);
      for (const subscriber of poller.subscribers) void subscriber.return();
      this.forget(key, poller);
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
