/**
 * Refuses a query whose estimated size is too large before anything runs, so one request cannot
 * fan out into thousands of upstream calls. Model (graphql-query-complexity): every field costs 1;
 * a list multiplies its children by how many items it can hold: the upstream's page size, the
 * `limit` argument, or the documented maximum (5 items per employee).
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import { queryTooComplex } from '../errors';
import { DEFAULT_PAGE_SIZE } from './page-args';

/** Largest estimated size served unless MAX_QUERY_COST says otherwise (README, "Configuration"). */
export const DEFAULT_MAX_QUERY_COST = 20_000;

/** A list of at most `size` items. */
export const upTo =
  (size: number): ComplexityEstimator =>
  ({ childComplexity }) =>
    1 + size * childComplexity;

/** A page whose size is the field's `limit` argument. */
export const perLimit: ComplexityEstimator = ({ args, childComplexity }) =>
  1 + (Number(args.limit) || DEFAULT_PAGE_SIZE) * childComplexity;

/** The estimated size; 0 when the variables are invalid (execution then refuses them as BAD_USER_INPUT). */
function costOf(schema: GraphQLSchema, document: DocumentNode, operationName?: string, variables?: Record<string, unknown>): number {
  try {
    return getComplexity({
      schema,
      query: document,
      operationName,
      variables,
      estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
    });
  } catch {
    return 0;
  }
}

export function queryCostPlugin(maxCost: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema }) {
          const cost = costOf(schema, document, request.operationName, request.variables);
          if (cost > maxCost) throw queryTooComplex(cost, maxCost);
        },
      };
    },
  };
}
