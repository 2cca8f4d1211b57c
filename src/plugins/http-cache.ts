/**
 * `Cache-Control: private, max-age=<s>` on successful GET queries, so a browser or a client's HTTP
 * cache may reuse the answer: `s` is what is left of the freshness of the first upstream answer the
 * response was built from (the shared cache's TTLs, never past the token). `private`: the answer is
 * one principal's. Never on a POST, a mutation, an answer with errors, or one built from an answer
 * the shared cache did not keep (no header: nothing may be reused). Computed from what the request
 * read, not by Apollo's cache-control plugin (which wraps every field resolver: about 5% of CPU).
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../context';
import type { Clock } from '../core/clock';
import { freshUntilOf } from '../core/upstream/session';

export function httpCachePlugin(clock: Clock): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ request, response, contextValue, operation }) {
          if (request.http?.method !== 'GET' || operation?.operation !== 'query' || response.body.kind !== 'single') return;
          if (response.body.singleResult.errors?.length) return;
          const reads = contextValue.upstream.cachedAnswers;
          if (!reads?.length) return;
          const seconds = Math.floor((freshUntilOf(reads) - clock.now()) / 1000);
          if (seconds > 0) response.http.headers.set('cache-control', `private, max-age=${seconds}`);
        },
      };
    },
  };
}
