/**
 * The one connection to Redis (ioredis) that every shared store of a replica uses when `REDIS_URL` is
 * set. Fails fast instead of queueing: while Redis is unreachable a command is refused at once (no
 * offline queue, a short command timeout), so a read falls back to the upstream without waiting and a
 * keyed write is refused instead of hanging. Reconnects by itself, forever, at most every 2 s. An
 * outage is logged once when it starts and once when it ends, and every failed command is counted.
 */
import { createHash } from 'node:crypto';
import Redis from 'ioredis';
import type { Logger } from '../logger';

/** A command Redis has not answered by then counts as failed: a cache read must not cost more than the upstream. */
const COMMAND_TIMEOUT_MS = 500;
const CONNECT_TIMEOUT_MS = 2_000;
const MAX_RECONNECT_DELAY_MS = 2_000;
/** Every key the gateway writes starts with this (REDIS_KEY_PREFIX), so one Redis can serve other programs too. */
export const DEFAULT_KEY_PREFIX = 'unduit-gateway:';

/**
 * The prefix of every key of a fleet: the configured prefix, then a tag of the upstream's base URL.
 * Fleets in front of different upstreams (staging and production, two replicas on their own
 * simulators) never read each other's cache, idempotency records or token verdicts, even on one Redis.
 */
export function keyPrefixFor(prefix: string, upstreamBaseUrl: string): string {
  return `${prefix}${createHash('sha256').update(upstreamBaseUrl).digest('hex').slice(0, 12)}:`;
}

export interface RedisEvents {
  /** A command failed (Redis down, slow or refusing); for metrics. */
  error(): void;
}

export class RedisConnection {
  readonly client: Redis;
  private down = false;

  constructor(
    url: string,
    private readonly logger: Logger,
    /** Starts every key; from `keyPrefixFor`. Commands that take a pattern (SCAN) must add it themselves. */
    readonly keyPrefix: string,
    private readonly events: RedisEvents = { error: () => undefined },
  ) {
    this.client = new Redis(url, {
      keyPrefix,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: COMMAND_TIMEOUT_MS,
      connectTimeout: CONNECT_TIMEOUT_MS,
      retryStrategy: (attempt) => Math.min(attempt * 200, MAX_RECONNECT_DELAY_MS),
    });
    this.client.on('ready', () => this.changed(false));
    this.client.once('ready', () => void this.warnIfEvictionUnsafe());
    // ioredis reports each failed reconnection here; without a listener it would print them all.
    this.client.on('error', () => this.changed(true));
    this.client.on('end', () => this.changed(true));
  }

  /** Whether the last thing Redis did was answer (not a guarantee for the next command). */
  get reachable(): boolean {
    return this.client.status === 'ready';
  }

  /** Whether Redis answers a PING now (within the command timeout): what readiness asks. */
  answers(): Promise<boolean> {
    return this.run((client) => client.ping()).then(
      () => true,
      () => false,
    );
  }

  /** Runs a command; a failure is counted, marks the outage and is thrown to the caller. */
  async run<T>(command: (client: Redis) => Promise<T>): Promise<T> {
    try {
      return await command(this.client);
    } catch (error) {
      this.events.error();
      this.changed(true);
      throw error;
    }
  }

  /** Resolves once connected, or after `timeoutMs` (start-up does not wait for a Redis that is down). */
  async connected(timeoutMs: number): Promise<boolean> {
    if (this.reachable) return true;
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => done(false), timeoutMs);
      const onReady = () => done(true);
      const done = (ready: boolean) => {
        clearTimeout(timer);
        this.client.off('ready', onReady);
        resolve(ready);
      };
      this.client.once('ready', onReady);
    });
  }

  async close(): Promise<void> {
    this.client.removeAllListeners('end');
    await this.client.quit().catch(() => this.client.disconnect());
  }

  /**
   * Idempotency results carry no Redis expiry (core/idempotency/redis-records.ts), so only an
   * `allkeys-*` policy can evict them under memory pressure: a repeated write would then be sent
   * again. Said once at start-up; a Redis that refuses CONFIG (many managed ones) is not asked again.
   */
  private async warnIfEvictionUnsafe(): Promise<void> {
    const answer = (await this.client.config('GET', 'maxmemory-policy').catch(() => [])) as string[];
    const policy = answer[1];
    if (policy?.startsWith('allkeys-')) {
      this.logger.warn(
        { policy },
        'Redis evicts any key under memory pressure (maxmemory-policy allkeys-*): an idempotency record may be evicted and a repeated write sent again. Use volatile-lru (or noeviction)',
      );
    }
  }

  private changed(down: boolean): void {
    if (down === this.down) return;
    this.down = down;
    if (down) this.logger.warn('Redis is unreachable: reads go to the upstream without the shared cache, keyed writes are refused');
    else this.logger.info('Redis is reachable again: shared state back in use');
  }
}
