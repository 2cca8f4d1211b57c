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
 *
 * The verdict does not depend on what the process happened to see before: when one call per key
 * would be over the limit, the sizes of the lists looked up that the process does not know are read
 * first (page 1 of each, one call, the first page a scan reads anyway), then the estimate is made
 * with them. A refused operation is told how to page within the call budget: the largest `limit` or
 * `first` of its outermost paged list (then the next) that fits.
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
 * company may have 12); what is admitted is still held to the budget while it runs.
 */
export const DEFAULT_MAX_QUERY_COST = 1_000;
/**
 * Pages assumed for a list whose page count is unknown and was not worth reading (one call per lookup
 * fit the limit anyway), or could not be read (the campaign list has no scanner).
 */
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
  const estimate = operationEstimate(schema, document, operationName, variables);
  return estimate ? callsOf(estimate, pageCounts) : 0;
}

function operationEstimate(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
  variables: Record<string, unknown>,
): CostEstimate | undefined {
  const estimate = reusable.get(document)?.get(operationName ?? '') ?? walkOperation(schema, document, operationName, variables);
  if (estimate && !estimate.readsVariables) {
    if (!reusable.has(document)) reusable.set(document, new Map());
    reusable.get(document)!.set(operationName ?? '', estimate);
  }
  return estimate;
}

/**
 * An estimate's calls: its own, plus each list's lookups bounded by that list's scan (its page count,
 * known or assumed, + 1); `pageCounts` 'per key': one call per lookup, whatever the lists' sizes.
 */
function callsOf(estimate: CostEstimate, pageCounts: Pick<PageCounts, 'get'> | 'per key' | undefined): number {
  let calls = estimate.calls;
  for (const [list, lookups] of Object.entries(estimate.lookups)) {
    calls += pageCounts === 'per key' ? lookups : Math.min(lookups, (pageCounts?.get(list) ?? ASSUMED_LIST_PAGES) + 1);
  }
  return calls;
}

/** A list field whose size the caller chose (`limit` or `first`): where a refused operation can page. */
interface PagedList {
  node: FieldNode;
  /** Where it is, e.g. `campaigns.items.employees`, and its argument. */
  path: string;
  argument: 'limit' | 'first';
  items: number;
}

function walkOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
  variables: Record<string, unknown>,
  overrides: ReadonlyMap<FieldNode, number> = new Map(),
  pagedLists: PagedList[] = [],
): CostEstimate | undefined {
  const operation = document.definitions.find(
    (definition): definition is OperationDefinitionNode =>
      definition.kind === 'OperationDefinition' && (!operationName || definition.name?.value === operationName),
  );
  const root = operation && schema.getRootType(operation.operation);
  if (!operation || !root) return undefined;
  const fragments = fragmentsOf(document.definitions);
  const estimate: CostEstimate = { calls: 0, lookups: {}, readsVariables: false };
  walk(operation.selectionSet, root, 1, '', { estimate, fragments, variables, overrides, pagedLists });
  return estimate;
}

interface Walk {
  estimate: CostEstimate;
  fragments: Fragments;
  variables: Record<string, unknown>;
  /** Items of some paged lists, instead of their arguments' (what-if estimates for the paging advice). */
  overrides: ReadonlyMap<FieldNode, number>;
  /** Collected on the way, outermost first. */
  pagedLists: PagedList[];
}

function walk(set: SelectionSetNode, type: GraphQLObjectType, multiplicity: number, path: string, walk_: Walk): void {
  const groups = new Set<string>();
  for (const node of selectedFields(set, walk_.fragments)) {
    const definition = type.getFields()[node.name.value];
    if (!definition) continue;
    const spec = (definition.extensions?.[EXTENSION] ?? {}) as UpstreamCostSpec;
    const items = walk_.overrides.get(node) ?? itemsOf(spec, definition, node, walk_.variables);
    const here = path ? `${path}.${node.name.value}` : node.name.value;
    if (spec.items === 'limit' || spec.items === 'first') walk_.pagedLists.push({ node, path: here, argument: spec.items, items });
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
    walk(node.selectionSet, child, multiplicity * items, here, walk_);
  }
}

/**
 * How to page a refused operation so that each request fits `target` calls: the largest `limit` or
 * `first` of its outermost paged list that fits, or, when even 1 does not, that list at 1 and the next
 * paged list inside it likewise. Undefined when no paging fits (too many relations per row).
 */
function pagingAdvice(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
  variables: Record<string, unknown>,
  pageCounts: Pick<PageCounts, 'get'> | undefined,
  target: number,
): string | undefined {
  const lists: PagedList[] = [];
  walkOperation(schema, document, operationName, variables, new Map(), lists);
  const chosen = new Map<FieldNode, number>();
  const fits = (overrides: Map<FieldNode, number>) => {
    const estimate = walkOperation(schema, document, operationName, variables, overrides);
    return !estimate || callsOf(estimate, pageCounts) <= target;
  };
  const advice = () =>
    lists.filter((list) => chosen.has(list.node)).map((list) => `${list.path}(${list.argument}: ${chosen.get(list.node)})`);
  for (const list of lists) {
    if (list.items <= 1) continue;
    let [low, high] = [0, list.items - 1];
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (fits(new Map([...chosen, [list.node, middle]]))) low = middle;
      else high = middle - 1;
    }
    chosen.set(list.node, Math.max(low, 1));
    if (low >= 1) return `${advice().join(' with ')}, then the next pages (\`page\` or \`after\`)`;
  }
  return undefined;
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

export interface CostLimits {
  /** Most estimated calls admitted (MAX_QUERY_COST). */
  maxCost: number;
  /** The run-time budget of calls (MAX_UPSTREAM_CALLS): what the paging advice aims under. */
  maxCalls: number;
}

/** `pageCountsOf`: what the process knows of the caller's lists, and how to learn the rest (from its request context). */
export function queryCostPlugin<Context>(
  limits: CostLimits,
  pageCountsOf: (context: Context) => Pick<PageCounts, 'get' | 'learnSizes'> | undefined,
): ApolloServerPlugin<Context & object> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema, contextValue }) {
          const operationName = request.operationName ?? undefined;
          const variables = request.variables ?? {};
          const estimate = operationEstimate(schema, document, operationName, variables);
          if (!estimate) return;
          const pageCounts = pageCountsOf(contextValue);
          if (pageCounts && callsOf(estimate, 'per key') > limits.maxCost) {
            // Unread, a size stays assumed: the upstream's trouble shows where the fields need it.
            await pageCounts.learnSizes(Object.keys(estimate.lookups)).catch(() => undefined);
          }
          const cost = callsOf(estimate, pageCounts);
          if (cost <= limits.maxCost) return;
          const target = Math.min(limits.maxCost, limits.maxCalls);
          throw queryTooComplex(cost, limits.maxCost, pagingAdvice(schema, document, operationName, variables, pageCounts, target));
        },
      };
    },
  };
}
