import { createHash, timingSafeEqual } from 'node:crypto';

/** One gateway API key, with its own request limit when it has one (GATEWAY_API_KEYS `key:limit`). */
export interface ApiKeySetting {
  key: string;
  /** Requests per minute for this key; absent: RATE_LIMIT_REQUESTS_PER_MINUTE. */
  requestsPerMinute?: number;
}

/** Gateway API keys, compared in constant time on their hashes; the keys themselves are not kept. */
export class ApiKeys {
  private readonly known: Array<{ hash: Buffer; requestsPerMinute?: number }>;

  constructor(keys: ReadonlyArray<string | ApiKeySetting>) {
    this.known = keys.map((entry) => {
      const { key, requestsPerMinute } = typeof entry === 'string' ? { key: entry, requestsPerMinute: undefined } : entry;
      return { hash: hashOf(key), requestsPerMinute };
    });
  }

  get size(): number {
    return this.known.length;
  }

  accepts(candidate: string): boolean {
    return this.match(candidate) !== undefined;
  }

  /** The key's settings when it is one of ours; every known key is compared, so timing tells nothing. */
  match(candidate: string): { requestsPerMinute?: number } | undefined {
    const hash = hashOf(candidate);
    let found: { requestsPerMinute?: number } | undefined;
    for (const known of this.known) if (timingSafeEqual(known.hash, hash)) found = { requestsPerMinute: known.requestsPerMinute };
    return found;
  }
}

const hashOf = (key: string) => createHash('sha256').update(key).digest();
