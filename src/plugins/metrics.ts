import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../context';
import type { GatewayMetrics } from '../observability/metrics';

/** Counts every GraphQL request by operation and outcome, with its duration and its cache use. */
export function metricsPlugin(metrics: GatewayMetrics): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ contextValue, operation, response }) {
          if (response.body.kind !== 'single') return;
          const { data, errors } = response.body.singleResult;
          const outcome = !errors?.length ? 'ok' : data ? 'partial' : 'failed';
          // The document's own name, once it parsed and validated: never the name a refused request claimed.
          const label = !operation ? { invalid: true as const } : (operation.name?.value ?? { anonymous: true as const });
          metrics.graphqlRequest(label, outcome, (performance.now() - started) / 1000, contextValue?.upstream?.stats);
        },
      };
    },
  };
}
