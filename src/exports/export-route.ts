/**
 * `GET /export`: the catalog; `GET /export/<dataset>.schema.json`: its Table Schema;
 * `GET /export/<dataset>.<csv|ndjson|json|parquet|xlsx>[?campaign=<number>][&bom=1]`: whole data sets over plain
 * HTTP for tools that cannot speak GraphQL (pandas, Power BI and Excel "From Web", Tableau). Each page
 * of the dataset's document (datasets.ts) runs through the gateway as one GraphQL operation of the
 * caller (same authentication, limits, budget and cache); a list inside each row's parent that pages
 * on its own (a campaign's employees) is read to its end, so no table is silently short. The next
 * page is fetched while one is written, and no further until the client has read what was written
 * (`drain`): a slow reader holds the export at most one page ahead of it.
 * Errors: before the first byte, a JSON body `{ errors: [{ message, extensions: { code } }] }` with
 * the code's HTTP status (an unknown dataset, format or campaign is a 404 naming what exists; a
 * repeated or unknown parameter a 400). After it (the upstream failed on a later page), the body ends
 * with a truncation marker instead of pretending to be complete: a CSV line
 * `#TRUNCATED,<code>,<message>`, an NDJSON line / a last JSON array element `{ "truncated": { "code", "message" } }`.
 */
import type { ApolloServer } from '@apollo/server';
import type { Request, RequestHandler, Response } from 'express';
import { stringify } from 'csv-stringify/sync';
import type { GatewayContext } from '../context';
import { badRequest, type ErrorCode, HTTP_STATUS, notFound, type GatewayError } from '../core/errors';
import { sendRefusal } from '../edge/refusals';
import { page, pageOrError, whole, type PageResult } from './dataset-pages';
import type { Dataset } from './datasets';
import type { Row } from './flatten';
import { spreadsheetSafe } from './spreadsheet-safe';
import { parquetOf, xlsxOf, type ColumnarTable } from './typed-files';
import { catalogOf, filtersOf, FORMATS, tableSchemaOf, type Format } from './table-schema';

const CONTENT_TYPES: Record<Format, string> = {
  csv: 'text/csv; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
  json: 'application/json; charset=utf-8',
  parquet: 'application/vnd.apache.parquet',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** The formats written whole once the last page is in (typed-files.ts); the others stream. */
const FILE_WRITERS: Partial<Record<Format, (dataset: Dataset, table: ColumnarTable) => Buffer | Promise<Buffer>>> = {
  parquet: parquetOf,
  xlsx: xlsxOf,
};

export interface StreamOptions {
  /** CSV: start with a UTF-8 byte order mark. */
  bom?: boolean;
}

type ContextFor = (req: Request, res: Response) => Promise<GatewayContext>;
/** Why the request may not read the exports' metadata (no credentials), or nothing. */
type RefusalFor = (req: Request) => Promise<GatewayError | undefined>;

/** `GET /export`: the catalog of datasets. */
export function catalogHandler(datasets: Map<string, Dataset>, refusalFor: RefusalFor): RequestHandler {
  return (req, res, next) => {
    refusalFor(req).then((refusal) => (refusal ? sendRefusal(res, refusal) : res.json(catalogOf(datasets, '/export'))), next);
  };
}

export function exportHandler(
  apollo: ApolloServer<GatewayContext>,
  datasets: Map<string, Dataset>,
  contextFor: ContextFor,
  refusalFor: RefusalFor,
): RequestHandler {
  const valid = `datasets: ${[...datasets.keys()].join(', ')}; formats: ${FORMATS.join(', ')}, or schema.json`;
  return (req, res) => {
    const match = /^([a-z-]+)\.(csv|ndjson|json|parquet|xlsx|schema\.json)$/.exec(String(req.params.file));
    const dataset = match && datasets.get(match[1]);
    if (!match || !dataset)
      return sendRefusal(res, notFound(`No export ${String(req.params.file).slice(0, 100)}; ${valid} (the catalog: GET /export)`));
    if (match[2] === 'schema.json') {
      refusalFor(req).then(
        (refusal) => (refusal ? sendRefusal(res, refusal) : res.json(tableSchemaOf(dataset))),
        () => res.destroy(),
      );
      return;
    }
    const format = match[2] as Format;
    const params = parametersOf(req, dataset, format);
    if ('refusal' in params) return sendRefusal(res, badRequest(params.refusal));
    const next = (after: string | null) => page(apollo, dataset, params.campaign, after, () => contextFor(req, res));
    const writeFile = FILE_WRITERS[format];
    if (writeFile) {
      whole(dataset, next).then(
        async (result) => {
          if ('error' in result) return void res.status(HTTP_STATUS[result.error.code as ErrorCode] ?? 502).json(refusalBody(result.error));
          const file = await writeFile(dataset, result);
          res
            .status(200)
            .type(CONTENT_TYPES[format])
            .setHeader('content-disposition', `attachment; filename="${dataset.name}.${format}"`)
            .end(file);
        },
        () => res.destroy(),
      );
      return;
    }
    // Page failures are answered inside; anything else (a socket gone wrong) ends the response, never the process.
    stream(res, format, dataset, next, { bom: params.bom }).catch(() => res.destroy());
  };
}

/** The query parameters, each given once and known to this dataset and format; else why not. */
function parametersOf(req: Request, dataset: Dataset, format: Format): { campaign?: string; bom: boolean } | { refusal: string } {
  const allowed = filtersOf(dataset).map((filter) => filter.name);
  for (const [name, value] of Object.entries(req.query)) {
    if (!allowed.includes(name))
      return { refusal: `${dataset.name} takes no parameter ${name.slice(0, 50)}; it takes ${allowed.join(', ')}` };
    if (typeof value !== 'string') return { refusal: `${name} is given more than once` };
  }
  const { campaign, bom } = req.query as Record<string, string | undefined>;
  if (campaign !== undefined && !/^\d{1,15}$/.test(campaign)) return { refusal: 'campaign must be a campaign number (1 to 15 digits)' };
  if (bom !== undefined && bom !== '1' && bom !== '0') return { refusal: 'bom is 1 (a byte order mark) or 0' };
  if (bom === '1' && format !== 'csv') return { refusal: 'bom is for CSV only' };
  return { campaign, bom: bom === '1' };
}

function refusalBody(error: { code: string; message: string }) {
  return { errors: [{ message: error.message, extensions: { code: error.code } }] };
}

/** Writes the dataset page by page; exported for the truncation and backpressure cases. */
export async function stream(
  res: Response,
  format: Format,
  dataset: Dataset,
  next: (after: string | null) => Promise<PageResult>,
  options: StreamOptions = {},
): Promise<void> {
  let pending = pageOrError(next, null);
  let started = false;
  /** Rows sent so far: a JSON array separates an element from the one before it, if there is one. */
  let sent = 0;
  for (;;) {
    const result = await pending;
    if ('error' in result) {
      if (!started) {
        res.status(HTTP_STATUS[result.error.code as ErrorCode] ?? 502).json(refusalBody(result.error));
        return;
      }
      res.end(truncation(format, result.error, sent > 0));
      return;
    }
    // The next page is asked for while this one is written.
    if (result.after !== null) pending = pageOrError(next, result.after);
    if (!started) {
      started = true;
      res.status(200).type(CONTENT_TYPES[format]).setHeader('content-disposition', `attachment; filename="${dataset.name}.${format}"`);
      res.write((options.bom && format === 'csv' ? '\uFEFF' : '') + opening(format, dataset));
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

function opening(format: Format, dataset: Dataset): string {
  if (format === 'csv') return stringify([dataset.columns.map((column) => column.name)]);
  return format === 'json' ? '[' : '';
}

function encode(format: Format, dataset: Dataset, rows: Row[], afterRows: boolean): string {
  if (format === 'csv') {
    const columns = dataset.columns.map((column) => column.name);
    return stringify(rows, { columns, cast: { boolean: (value) => String(value), string: spreadsheetSafe } });
  }
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
