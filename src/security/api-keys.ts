import { createHash, timingSafeEqual } from 'node:crypto';

/** Gateway API keys, compared in constant time on their hashes; the keys themselves are not kept. */
export class ApiKeys {
  private readonly hashes: Buffer[];

  constructor(keys: string[]) {
    this.hashes = keys.map(hashOf);
  }

  get size(): number {
    return this.hashes.length;
  }

  accepts(candidate: string): boolean {
    const hash = hashOf(candidate);
    return this.hashes.reduce((found, known) => timingSafeEqual(known, hash) || found, false);
  }
}

const hashOf = (key: string) => createHash('sha256').update(key).digest();
