import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../context';

/** Reports what the request cost upstream, so clients and tests can see it. */
export function upstreamStatsPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          if (response.body.kind !== 'single' || !contextValue?.upstream) return;
          const { requests, cacheHits, ms } = contextValue.upstream.stats;
          response.body.singleResult.extensions = {
            ...response.body.singleResult.extensions,
            upstream: { requests, cacheHits, ms: Math.round(ms) },
          };
        },
      };
    },
  };
}
