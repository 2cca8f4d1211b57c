/**
 * Reading a dataset from the graph, page by page: each page of its document is one GraphQL operation
 * of the caller, and a list inside each node that pages on its own (a campaign's employees) is read to
 * its end before the next node, so no table is silently short. `whole` gathers every page by column,
 * for the formats written in one piece.
 */
import type { ApolloServer } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { GatewayContext } from '../context';
import { ErrorCode } from '../core/errors';
import type { Dataset } from './datasets';
import { rowsOf, type Row } from './flatten';
import { ColumnarTable, MAX_FILE_ROWS } from './typed-files';

/** A page's rows, or why there are none. */
export type PageResult = { rows: Row[]; after: string | null } | { error: { code: string; message: string } };

/**
 * One page of the dataset as one GraphQL operation of the caller; then, for each node whose inner
 * connection has more (a campaign of over 1,000 employees), its next pages, so its rows are whole.
 */
export async function page(
  apollo: ApolloServer<GatewayContext>,
  dataset: Dataset,
  campaign: string | undefined,
  after: string | null,
  contextFor: () => Promise<GatewayContext>,
): Promise<PageResult> {
  type Answer = { data: Record<string, unknown> } | { error: { code: string; message: string } };
  const run = async (query: string, variables: Record<string, unknown>): Promise<Answer> => {
    const response = await apollo.executeOperation({ query, variables }, { contextValue: await contextFor() });
    if (response.body.kind !== 'single')
      return { error: { code: ErrorCode.INTERNAL_SERVER_ERROR, message: 'unexpected incremental answer' } };
    const { data, errors } = response.body.singleResult;
    if (errors?.length || !data) {
      const first = errors?.[0];
      return { error: { code: String(first?.extensions?.code ?? ErrorCode.INTERNAL_SERVER_ERROR), message: first?.message ?? 'no data' } };
    }
    return { data };
  };
  const answer = await run(campaign ? dataset.oneCampaign! : dataset.query, campaign ? { campaign } : { after });
  if ('error' in answer) return { error: answer.error };
  let nodes: unknown[];
  let next: string | null = null;
  if (campaign) {
    if (!answer.data.campaign) return { error: { code: ErrorCode.NOT_FOUND, message: `No campaign ${campaign} for this caller` } };
    nodes = [answer.data.campaign];
  } else {
    const connection = answer.data[dataset.connection] as {
      nodes: unknown[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
    nodes = connection.nodes;
    next = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
  }
  const rows: Row[] = [];
  for (let node of nodes) {
    for (;;) {
      rows.push(...rowsOf(node, dataset.nodes, dataset.fragments));
      const inner =
        dataset.inner && (node as Record<string, { pageInfo?: { hasNextPage: boolean; endCursor: string | null } }>)[dataset.inner.key];
      if (!dataset.inner || !inner?.pageInfo?.hasNextPage) break;
      const more = await run(dataset.inner.more, {
        campaign: (node as { campaignNumber: string }).campaignNumber,
        after: inner.pageInfo.endCursor,
      });
      if ('error' in more) return { error: more.error };
      node = more.data.campaign;
    }
  }
  return { rows, after: next };
}

/**
 * A page, or why not: a failure that escaped `page` (a caller's context that could not be built)
 * becomes its code, never the exception's own text (it may hold internals).
 */
export function pageOrError(next: (after: string | null) => Promise<PageResult>, after: string | null): Promise<PageResult> {
  return next(after).catch((error: unknown) => ({
    error: {
      code: error instanceof GraphQLError ? String(error.extensions.code) : ErrorCode.INTERNAL_SERVER_ERROR,
      message: 'The export failed',
    },
  }));
}

/** Every row of the dataset, by column, or why not (a page failed, or more rows than a file holds). */
export async function whole(
  dataset: Dataset,
  next: (after: string | null) => Promise<PageResult>,
): Promise<ColumnarTable | { error: { code: string; message: string } }> {
  const table = new ColumnarTable(dataset);
  for (let after: string | null = null; ;) {
    const result = await pageOrError(next, after);
    if ('error' in result) return result;
    table.add(result.rows);
    if (table.rows > MAX_FILE_ROWS) {
      const message = `${dataset.name} has over ${MAX_FILE_ROWS} rows, more than a Parquet or xlsx export holds: export it as CSV or NDJSON (streamed)${dataset.oneCampaign ? ', or one campaign at a time (?campaign=)' : ''}`;
      return { error: { code: ErrorCode.BAD_REQUEST, message } };
    }
    if (result.after === null) return table;
    after = result.after;
  }
}
