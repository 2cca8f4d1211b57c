/**
 * `GET /export/<dataset>.<csv|ndjson|json>[?campaign=<number>]`: whole data sets over plain HTTP for
 * tools that cannot speak GraphQL (pandas, Power BI and Excel "From Web", Tableau). Each page of the
 * dataset's document (datasets.ts) runs through the gateway as one GraphQL operation of the caller
 * (same authentication, limits, budget and cache). The next page is fetched while one is written,
 * and no further until the client has read what was written (`drain`): a slow reader holds the
 * export at most one page ahead of it, and memory stays about two pages, whatever the size.
 * Errors: before the first byte, a JSON body `{ errors: [{ message, extensions: { code } }] }` with
 * the code's HTTP status. After it (the upstream failed on a later page), the body ends with a
 * truncation marker instead of pretending to be complete: a CSV line `#TRUNCATED,<code>,<message>`,
 * an NDJSON line / a last JSON array element `{ "truncated": { "code", "message" } }`.
 */
import type { ApolloServer } from '@apollo/server';
import type { Request, RequestHandler, Response } from 'express';
import { stringify } from 'csv-stringify/sync';
import { GraphQLError } from 'graphql';
import type { GatewayContext } from '../context';
import { badRequest, ErrorCode, HTTP_STATUS, routeNotFound } from '../core/errors';
import { sendRefusal } from '../edge/refusals';
import type { Dataset } from './datasets';
import { rowsOf, type Row } from './flatten';

type Format = 'csv' | 'ndjson' | 'json';

const CONTENT_TYPES: Record<Format, string> = {
  csv: 'text/csv; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

/** A page's rows, or why there are none. */
type PageResult = { rows: Row[]; after: string | null } | { error: { code: string; message: string } };

export function exportHandler(
  apollo: ApolloServer<GatewayContext>,
  datasets: Map<string, Dataset>,
  contextFor: (req: Request, res: Response) => Promise<GatewayContext>,
): RequestHandler {
  return (req, res) => {
    const match = /^([a-z-]+)\.(csv|ndjson|json)$/.exec(String(req.params.file));
    const dataset = match && datasets.get(match[1]);
    if (!match || !dataset) return sendRefusal(res, routeNotFound('GET', req.path));
    const campaign = typeof req.query.campaign === 'string' ? req.query.campaign : undefined;
    if (campaign !== undefined && (!dataset.oneCampaign || !/^\d{1,15}$/.test(campaign))) {
      return sendRefusal(
        res,
        badRequest(dataset.oneCampaign ? 'campaign must be a campaign number (1 to 15 digits)' : `${dataset.name} has no campaign filter`),
      );
    }
    // Page failures are answered inside; anything else (a socket gone wrong) ends the response, never the process.
    stream(res, match[2] as Format, dataset, (after) => page(apollo, dataset, campaign, after, () => contextFor(req, res))).catch(() =>
      res.destroy(),
    );
  };
}

/** Writes the dataset page by page; exported for the truncation and backpressure cases. */
export async function stream(
  res: Response,
  format: Format,
  dataset: Dataset,
  next: (after: string | null) => Promise<PageResult>,
): Promise<void> {
  const fetchPage = (after: string | null): Promise<PageResult> =>
    next(after).catch((error: unknown) => ({
      // Never the exception's own text: it may hold internals.
      error: {
        code: error instanceof GraphQLError ? String(error.extensions.code) : ErrorCode.INTERNAL_SERVER_ERROR,
        message: 'The export failed',
      },
    }));
  let pending = fetchPage(null);
  let started = false;
  /** Rows sent so far: a JSON array separates an element from the one before it, if there is one. */
  let sent = 0;
  for (;;) {
    const result = await pending;
    if ('error' in result) {
      if (!started) {
        res
          .status(HTTP_STATUS[result.error.code as ErrorCode] ?? 502)
          .json({ errors: [{ message: result.error.message, extensions: { code: result.error.code } }] });
        return;
      }
      res.end(truncation(format, result.error, sent > 0));
      return;
    }
    // The next page is asked for while this one is written.
    if (result.after !== null) pending = fetchPage(result.after);
    if (!started) {
      started = true;
      res.status(200).type(CONTENT_TYPES[format]).setHeader('content-disposition', `attachment; filename="${dataset.name}.${format}"`);
      res.write(opening(format, dataset));
    }
    const flowing = res.write(encode(format, dataset, result.rows, sent > 0));
    sent += result.rows.length;
    if (!flowing) await drained(res);
    if (result.after === null || res.destroyed) break;
  }
  res.end(format === 'json' ? ']\n' : '');
}

/** Resolves when the client has taken what was written, or is gone. */
function drained(res: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/** One page of the dataset as one GraphQL operation of the caller. */
async function page(
  apollo: ApolloServer<GatewayContext>,
  dataset: Dataset,
  campaign: string | undefined,
  after: string | null,
  contextFor: () => Promise<GatewayContext>,
): Promise<PageResult> {
  const request: { query: string; variables: Record<string, unknown> } = campaign
    ? { query: dataset.oneCampaign!, variables: { campaign } }
    : { query: dataset.query, variables: { after } };
  const response = await apollo.executeOperation(request, { contextValue: await contextFor() });
  if (response.body.kind !== 'single')
    return { error: { code: ErrorCode.INTERNAL_SERVER_ERROR, message: 'unexpected incremental answer' } };
  const { data, errors } = response.body.singleResult;
  if (errors?.length || !data) {
    const first = errors?.[0];
    return { error: { code: String(first?.extensions?.code ?? ErrorCode.INTERNAL_SERVER_ERROR), message: first?.message ?? 'no data' } };
  }
  if (campaign) return { rows: data.campaign ? rowsOf(data.campaign, dataset.nodes, dataset.fragments) : [], after: null };
  const connection = data[dataset.connection] as { nodes: unknown[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
  return {
    rows: connection.nodes.flatMap((node) => rowsOf(node, dataset.nodes, dataset.fragments)),
    after: connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null,
  };
}

function opening(format: Format, dataset: Dataset): string {
  if (format === 'csv') return stringify([dataset.columns]);
  return format === 'json' ? '[' : '';
}

function encode(format: Format, dataset: Dataset, rows: Row[], afterRows: boolean): string {
  if (format === 'csv') return stringify(rows, { columns: dataset.columns, cast: { boolean: (value) => String(value) } });
  if (format === 'ndjson') return rows.map((row) => JSON.stringify(row) + '\n').join('');
  const json = rows.map((row) => JSON.stringify(row)).join(',\n');
  return json && afterRows ? `,\n${json}` : json;
}

function truncation(format: Format, error: { code: string; message: string }, afterRows: boolean): string {
  if (format === 'csv') return stringify([['#TRUNCATED', error.code, error.message]]);
  const marker = JSON.stringify({ truncated: error });
  if (format === 'ndjson') return `${marker}\n`;
  return `${afterRows ? ',\n' : ''}${marker}]\n`;
}
