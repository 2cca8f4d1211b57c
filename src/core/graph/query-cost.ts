/**
 * Refuses an operation whose estimated upstream calls are too many, before anything runs, so one
 * request cannot fan out into thousands of calls. The estimate follows the planner (core/loaders/
 * list-scan.ts), not the size of the answer:
 * - a field that makes a call (a list page, a campaign's details) costs one per time it runs: its
 *   parents' multiplicity, where a list multiplies its children by its size (10 per users/assets
 *   page, `limit` for campaigns and employees, the documented maximum of embedded lists);
 * - a relation (an employee's user, an item's asset, an asset's holder) is a lookup of an entity of
 *   a list; all lookups of one list are bounded by that list's page count + 1 (the planner scans
 *   instead), known from what the process saw for this principal, else ASSUMED_LIST_PAGES;
 * - a relation whose selection the parent's answer already embeds costs nothing.
 * Every field that costs declares it once with `@UpstreamCost(...)` beside its resolver.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import {
  getNamedType,
  isObjectType,
  type DocumentNode,
  type FieldNode,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { getArgumentValues } from 'graphql/execution/values';
import { Extensions } from 'type-graphql';
import { queryTooComplex } from '../errors';
import type { PageCounts } from '../loaders/list-scan';
import { DEFAULT_CONNECTION_SIZE } from './connection';
import { fragmentsOf, selectedFields, selectsOnlyFields, type Fragments } from './lookahead';
import { DEFAULT_PAGE_SIZE } from './page-args';

/**
 * Estimated upstream calls served unless MAX_QUERY_COST says otherwise: about three times the run-time
 * budget (MAX_UPSTREAM_CALLS), because the estimate assumes every page full (100 campaigns where a
 * company may have 12) and unknown lists of ASSUMED_LIST_PAGES pages; what is admitted is still held
 * to the budget while it runs.
 */
export const DEFAULT_MAX_QUERY_COST = 1_000;
/** Pages assumed for a list whose page count the process has not seen for this principal (1,000 rows). */
export const ASSUMED_LIST_PAGES = 100;

/** What resolving a field costs upstream (docs/upstream.md). */
export interface UpstreamCostSpec {
  /** Calls it makes each time it runs. */
  calls?: number;
  /** Fields of one object with the same group share their call (a campaign's details serve several). */
  group?: string;
  /** A lookup of an entity of this list (bounded by the list's scan). */
  lookup?: 'users' | 'assets' | 'campaigns';
  /** Selected alone, these fields come embedded in the parent's answer: no lookup. */
  embedded?: ReadonlySet<string>;
  /** How many values a list holds: a number, or the field's `limit` (or a connection's `first`) argument. */
  items?: number | 'limit' | 'first';
  /** A connection: it fetches `items / pageSize` upstream pages (+1 for a start between pages) instead of `calls`. */
  pageSize?: number;
}

const EXTENSION = 'upstreamCost';

/** Declares a field's upstream cost, next to its resolver. */
export function UpstreamCost(spec: UpstreamCostSpec): MethodDecorator & PropertyDecorator {
  return Extensions({ [EXTENSION]: spec });
}

export interface CostEstimate {
  calls: number;
  lookups: Record<string, number>;
  /** Whether a variable's value entered the estimate (a `limit`); if not, it holds for every request of the document. */
  readsVariables: boolean;
}

/** Estimates that hold for any variables, per parsed document (Apollo Server reuses one per query text) and operation. */
const reusable = new WeakMap<DocumentNode, Map<string, CostEstimate>>();

/** The estimate of one operation; fields the schema does not know (a refused document) cost nothing. */
export function estimateUpstreamCalls(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
  variables: Record<string, unknown>,
  pageCounts?: Pick<PageCounts, 'get'>,
): number {
  const estimate = reusable.get(document)?.get(operationName ?? '') ?? walkOperation(schema, document, operationName, variables);
  if (!estimate) return 0;
  if (!estimate.readsVariables) {
    if (!reusable.has(document)) reusable.set(document, new Map());
    reusable.get(document)!.set(operationName ?? '', estimate);
  }
  let calls = estimate.calls;
  for (const [list, lookups] of Object.entries(estimate.lookups)) {
    calls += Math.min(lookups, (pageCounts?.get(list) ?? ASSUMED_LIST_PAGES) + 1);
  }
  return calls;
}

function walkOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
  variables: Record<string, unknown>,
): CostEstimate | undefined {
  const operation = document.definitions.find(
    (definition): definition is OperationDefinitionNode =>
      definition.kind === 'OperationDefinition' && (!operationName || definition.name?.value === operationName),
  );
  const root = operation && schema.getRootType(operation.operation);
  if (!operation || !root) return undefined;
  const fragments = fragmentsOf(document.definitions);
  const estimate: CostEstimate = { calls: 0, lookups: {}, readsVariables: false };
  walk(operation.selectionSet, root, 1, { estimate, fragments, variables });
  return estimate;
}

interface Walk {
  estimate: CostEstimate;
  fragments: Fragments;
  variables: Record<string, unknown>;
}

function walk(set: SelectionSetNode, type: GraphQLObjectType, multiplicity: number, walk_: Walk): void {
  const groups = new Set<string>();
  for (const node of selectedFields(set, walk_.fragments)) {
    const definition = type.getFields()[node.name.value];
    if (!definition) continue;
    const spec = (definition.extensions?.[EXTENSION] ?? {}) as UpstreamCostSpec;
    const items = itemsOf(spec, definition, node, walk_.variables);
    if (spec.pageSize) walk_.estimate.calls += multiplicity * (Math.ceil(items / spec.pageSize) + 1);
    if (spec.calls && !(spec.group && groups.has(spec.group))) {
      walk_.estimate.calls += multiplicity * spec.calls;
      if (spec.group) groups.add(spec.group);
    }
    if (spec.lookup && !(spec.embedded && selectsOnlyFields(node.selectionSet, spec.embedded, walk_.fragments))) {
      walk_.estimate.lookups[spec.lookup] = (walk_.estimate.lookups[spec.lookup] ?? 0) + multiplicity;
    }
    const child = getNamedType(definition.type);
    if (!node.selectionSet || !isObjectType(child)) continue;
    if ((spec.items === 'limit' || spec.items === 'first') && node.arguments?.some((argument) => argument.value.kind === 'Variable')) {
      walk_.estimate.readsVariables = true;
    }
    walk(node.selectionSet, child, multiplicity * items, walk_);
  }
}

function itemsOf(
  spec: UpstreamCostSpec,
  definition: Parameters<typeof getArgumentValues>[0],
  node: FieldNode,
  variables: Record<string, unknown>,
): number {
  if (spec.items !== 'limit' && spec.items !== 'first') return spec.items ?? 1;
  const fallback = spec.items === 'first' ? DEFAULT_CONNECTION_SIZE : DEFAULT_PAGE_SIZE;
  try {
    return Number(getArgumentValues(definition, node, variables)[spec.items]) || fallback;
  } catch {
    return fallback; // invalid arguments: execution refuses them before any call
  }
}

/** `pageCountsOf`: what the process knows of the caller's lists (from its request context). */
export function queryCostPlugin<Context>(
  maxCost: number,
  pageCountsOf: (context: Context) => Pick<PageCounts, 'get'> | undefined,
): ApolloServerPlugin<Context & object> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema, contextValue }) {
          const cost = estimateUpstreamCalls(
            schema,
            document,
            request.operationName ?? undefined,
            request.variables ?? {},
            pageCountsOf(contextValue),
          );
          if (cost > maxCost) throw queryTooComplex(cost, maxCost);
        },
      };
    },
  };
}
