/**
 * The timeout of one upstream exchange, counting only time this process could have sent the request
 * and read the answer. A busy gateway (building a large result) blocks its event loop: a request
 * created then is written late, and an answer that arrived is read late, and a plain timer would
 * blame the upstream for both. A ticker measures how long the loop was blocked; an exchange's timer
 * gives that time back before it aborts, and aborts only after pending I/O has had its turn.
 */

/** The ticker's period, and the stall it ignores (a tick's own jitter). */
const TICK_MS = 10;

let stalledMs = 0;
let ticker: NodeJS.Timeout | undefined;

/** Total time the event loop was blocked since the first exchange, as measured by a 10 ms ticker. */
function loopStalls(): number {
  if (!ticker) {
    let last = performance.now();
    ticker = setInterval(() => {
      const now = performance.now();
      stalledMs += Math.max(0, now - last - TICK_MS * 2);
      last = now;
    }, TICK_MS);
    ticker.unref();
  }
  return stalledMs;
}

export class ExchangeTimer {
  private handle: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private stallsAtArm: number;

  constructor(
    timeoutMs: number,
    private readonly onTimeout: () => void,
  ) {
    this.stallsAtArm = loopStalls();
    this.handle = setTimeout(() => this.fire(), timeoutMs);
  }

  clear(): void {
    clearTimeout(this.handle);
    if (this.immediate) clearImmediate(this.immediate);
  }

  private fire(): void {
    const stolen = loopStalls() - this.stallsAtArm;
    if (stolen > TICK_MS) {
      this.stallsAtArm = loopStalls();
      this.handle = setTimeout(() => this.fire(), stolen);
      return;
    }
    // Timers run before I/O in Node's loop: an answer already in the socket is read first.
    this.immediate = setImmediate(() => this.onTimeout());
  }
}
