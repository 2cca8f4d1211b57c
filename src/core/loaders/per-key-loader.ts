/**
 * A DataLoader for an upstream with no batch endpoint: each key in a batch becomes its own request,
 * all sent concurrently (the session caps how many are in flight). Honours the batch contract: one
 * entry per key, in key order, a failed key gets its own Error and fails no other key.
 */
import DataLoader from 'dataloader';

import type { PageCounts } from './list-scan';

export interface LoaderOptions {
  /** False only for the benchmark's unbatched baseline: every load goes upstream again. */
  cache: boolean;
  /** What is known of the lists' page counts, for the seek-or-scan plan (list-scan.ts). */
  pageCounts: PageCounts;
}

export function perKeyLoader<K, V>(
  fetchOne: (key: K) => Promise<V>,
  options: Pick<LoaderOptions, 'cache'> & { cacheKeyFn: (key: K) => string },
): DataLoader<K, V, string> {
  return new DataLoader<K, V, string>((keys) => Promise.all(keys.map((key) => fetchOne(key).catch((error: unknown) => asError(error)))), {
    cache: options.cache,
    cacheKeyFn: options.cacheKeyFn,
  });
}

export function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
