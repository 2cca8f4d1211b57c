/**
 * Live updates over an upstream that can only be polled: one poller per key (a principal and what it
 * watches), shared by every subscriber of that key, so N subscribers cost the upstream what one costs.
 * Here: the subscribers, their limits, and fanning each delivery out to them. Who polls and where the
 * last-seen state lives is the coordination's (polling.ts: this process; redis-polling.ts: one replica
 * of the fleet). A poller's first poll is its baseline (no replay); a source that fails it fails the
 * subscription before anything is streamed. The last subscriber leaving stops the poller at once.
 */
import type { GraphQLError } from 'graphql';
import { tooManySubscriptions, unauthenticated } from '../errors';
import type { Delivery, PollCoordination, PollSource } from './polling';
import { Subscriber } from './subscriber';

/**
 * How often a campaign is polled for its subscribers (SUBSCRIPTIONS_POLL_MS): half a minute is as
 * fresh as a shipment status needs, and one read a page every 30 s per watched campaign is light.
 */
export const DEFAULT_POLL_MS = 30_000;

interface Poller<Event> {
  /** Resolves, once the baseline is in, with what stops the polling. */
  watching: Promise<() => void>;
  subscribers: Set<Subscriber<Event | GraphQLError>>;
  /** Ends every subscription when the principal's token expires. */
  expiry?: NodeJS.Timeout;
}

/** The longest a timer can wait (about 24 days); a token living longer is ended by a poll the upstream refuses. */
const MAX_TIMER_MS = 2 ** 31 - 1;

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

/** The ways a subscription is carried (edge/subscriptions-*.ts). */
export const SUBSCRIPTION_TRANSPORTS = ['websocket', 'sse', 'multipart'] as const;
export type SubscriptionTransport = (typeof SUBSCRIPTION_TRANSPORTS)[number];

/** A subscription as the limits count it: the client it counts against, and how it is carried. */
export interface Admitted {
  client: string;
  transport?: SubscriptionTransport;
}

/** Whose poller a subscription reads: the principal (its key's first part), and when its credentials expire. */
export interface Subscribing {
  principal: string;
  /** When the principal's credentials stop being good (a bearer token's `exp`, ms since the epoch); null: not known to expire. */
  expiresAt?: number | null;
}

export interface LiveCounts {
  /** Pollers with subscribers here. */
  pollers: number;
  /** Of them, those this replica polls the upstream for (all of them without a fleet). */
  polling: number;
  /** Subscriptions here, by transport. */
  subscriptions: Record<string, number>;
}

export class LivePollers {
  private readonly pollers = new Map<string, Poller<unknown>>();
  private readonly perClient = new Map<string, number>();
  private readonly perPrincipal = new Map<string, number>();
  private readonly perTransport = new Map<string, number>();
  private total = 0;
  /** Each event's request state, made by its first reader for every subscriber of its poller. */
  private readonly requests = new WeakMap<object, { principal: string | null; madeAt: number; state: unknown }>();

  constructor(
    private readonly coordination: PollCoordination,
    private readonly limits: LiveLimits = DEFAULT_LIVE_LIMITS,
  ) {}

  counts(): LiveCounts {
    return { pollers: this.pollers.size, polling: this.coordination.polling(), subscriptions: Object.fromEntries(this.perTransport) };
  }

  /** The events of `who.principal`'s poller of `watched` from now on, starting it with `source` if none runs. */
  async subscribe<Event, State>(
    who: Subscribing,
    watched: string,
    source: () => PollSource<Event, State>,
  ): Promise<AsyncIterableIterator<Event | GraphQLError>> {
    const key = `${who.principal}\u0000${watched}`;
    let poller = this.pollers.get(key) as Poller<Event> | undefined;
    if (!poller && (this.perPrincipal.get(who.principal) ?? 0) >= this.limits.pollersPerPrincipal)
      throw tooManySubscriptions('campaigns watched by this caller', this.limits.pollersPerPrincipal);
    if (!poller) {
      const subscribers = new Set<Subscriber<Event | GraphQLError>>();
      const deliver = (delivery: Delivery<Event>) => {
        if ('end' in delivery) for (const subscriber of [...subscribers]) subscriber.end(delivery.end);
        else for (const event of delivery.events) for (const subscriber of subscribers) subscriber.push(event);
      };
      const created: Poller<Event> = { subscribers, watching: this.coordination.watch(key, source(), deliver) };
      // At the token's expiry, not at the first poll after it: the stream must not outlive its credentials.
      if (who.expiresAt)
        created.expiry = setTimeout(
          () => deliver({ end: unauthenticated('Your Unduit token expired: sign in again, then subscribe again') }),
          Math.min(MAX_TIMER_MS, Math.max(0, who.expiresAt - Date.now())),
        );
      this.pollers.set(key, created as Poller<unknown>);
      this.perPrincipal.set(who.principal, (this.perPrincipal.get(who.principal) ?? 0) + 1);
      poller = created;
      created.watching.catch(() => {
        clearTimeout(created.expiry);
        this.forget(key, created);
      });
    }
    await poller.watching;
    const subscriber = new Subscriber<Event | GraphQLError>(() => this.leave(key, poller, subscriber));
    poller.subscribers.add(subscriber);
    return subscriber;
  }

  /**
   * Counts one more subscription of `who` against the limits, or refuses it (RATE_LIMITED); the
   * returned function counts it out. Every subscription is admitted, whether or not it shares an
   * execution with others (edge/shared-subscriptions.ts).
   */
  admit(who: Admitted): () => void {
    if (this.total >= this.limits.total) throw tooManySubscriptions('subscriptions on this gateway', this.limits.total);
    if ((this.perClient.get(who.client) ?? 0) >= this.limits.perClient)
      throw tooManySubscriptions('subscriptions from this client', this.limits.perClient);
    this.count(who, 1);
    let counted = true;
    return () => {
      if (counted) this.count(who, -1);
      counted = false;
    };
  }

  /**
   * The request state `event` is resolved with: made by its first reader, then the same for every
   * subscriber of its poller (one principal: an event object is only ever pushed to one poller's
   * subscribers, and the principal is checked besides) while younger than `freshMs`.
   */
  requestFor<State>(event: object, principal: string | null, make: () => State, freshMs: number): State {
    const known = this.requests.get(event);
    const now = performance.now();
    if (known && known.principal === principal && now - known.madeAt < freshMs) return known.state as State;
    const state = make();
    this.requests.set(event, { principal, madeAt: now, state });
    return state;
  }

  private count(who: Admitted, by: number): void {
    this.total += by;
    for (const [counts, name] of [
      [this.perClient, who.client],
      [this.perTransport, who.transport],
    ] as const) {
      if (name === undefined) continue;
      const now = (counts.get(name) ?? 0) + by;
      if (now) counts.set(name, now);
      else counts.delete(name);
    }
  }

  private leave<Event>(key: string, poller: Poller<Event>, subscriber: Subscriber<Event | GraphQLError>): void {
    poller.subscribers.delete(subscriber);
    if (poller.subscribers.size > 0) return;
    clearTimeout(poller.expiry);
    void poller.watching.then((stop) => stop());
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

  /** Ends every subscription, each stream with its own clean end (shutdown), and hands the fleet's pollers on. */
  async close(): Promise<void> {
    for (const poller of [...this.pollers.values()]) {
      clearTimeout(poller.expiry);
      for (const subscriber of [...poller.subscribers]) void subscriber.return();
    }
    await this.coordination.close();
  }
}
