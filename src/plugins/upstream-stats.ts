import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../context';

/**
 * Reports what the request cost upstream, so clients and tests can see it: calls sent (retries
 * included), cache hits, retries, reads a retry saved, reads that failed for good, stale answers and, when there are any, which endpoints answered
 * stale and how old their answers were (fields resolved from them may be that old).
 */
export function upstreamStatsPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          if (response.body.kind !== 'single' || !contextValue?.upstream) return;
          const { requests, cacheHits, retries, recovered, failed, stale, staleAnswers, ms } = contextValue.upstream.stats;
          const upstream = {
            requests,
            cacheHits,
            retries,
            recovered,
            failed,
            stale,
            ...(stale ? { staleAnswers } : {}),
            ms: Math.round(ms),
          };
          response.body.singleResult.extensions = { ...response.body.singleResult.extensions, upstream };
        },
      };
    },
  };
}
