/**
 * One subscriber's events, as the async iterator GraphQL subscriptions read: buffered while the client
 * is slow, up to a bound past which the subscription is ended (a client that stopped reading).
 */
/** Events a subscriber may leave unread before its subscription is ended (a client that stopped reading). */
const MAX_UNREAD = 1_000;

export class Subscriber<Event> implements AsyncIterableIterator<Event> {
  private readonly buffered: Event[] = [];
  private waiting?: (result: IteratorResult<Event>) => void;
  private done = false;
  /** Done once what is buffered has been read. */
  private ending = false;

  constructor(private readonly onEnd: () => void) {}

  /** `last` is delivered, then the iterator is done. */
  end(last: Event): void {
    this.push(last);
    this.finish();
  }

  /** The iterator is done once what is buffered has been read. */
  finish(): void {
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
