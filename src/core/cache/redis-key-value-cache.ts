/**
 * Apollo Server's key-value cache in Redis, for automatic persisted queries: a hash one replica
 * registered is known to all. A Redis failure is a miss (the client sends the full query once more),
 * never an error or a wait. Three methods over the gateway's one Redis connection, rather than a
 * keyv stack whose defaults hang while Redis is down.
 */
import type { KeyValueCache, KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import type { RedisConnection } from '../redis/redis-connection';

export class RedisKeyValueCache implements KeyValueCache<string> {
  constructor(
    private readonly redis: RedisConnection,
    private readonly namespace: string,
  ) {}

  async get(key: string): Promise<string | undefined> {
    const value = await this.redis.run((client) => client.get(this.namespace + key)).catch(() => null);
    return value ?? undefined;
  }

  async set(key: string, value: string, options?: KeyValueCacheSetOptions): Promise<void> {
    const ttlSeconds = options?.ttl;
    await this.redis
      .run((client) => (ttlSeconds ? client.set(this.namespace + key, value, 'EX', ttlSeconds) : client.set(this.namespace + key, value)))
      .catch(() => undefined);
  }

  async delete(key: string): Promise<void> {
    await this.redis.run((client) => client.del(this.namespace + key)).catch(() => undefined);
  }
}
