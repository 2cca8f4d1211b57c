import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../context';
import type { GatewayMetrics } from '../observability/metrics';

/** Counts every GraphQL request by operation and outcome, with its duration and its cache use. */
export function metricsPlugin(metrics: GatewayMetrics): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ contextValue, operationName, response }) {
          if (response.body.kind !== 'single') return;
          const { data, errors } = response.body.singleResult;
          const outcome = !errors?.length ? 'ok' : data ? 'partial' : 'failed';
          metrics.graphqlRequest(operationName ?? null, outcome, (performance.now() - started) / 1000, contextValue?.upstream?.stats);
        },
      };
    },
  };
}
