/**
 * The typed file formats: Parquet (hyparquet-writer) for pandas, DuckDB, Polars and Power BI, and
 * Excel's xlsx (exceljs) with a frozen header row. Both carry the Table Schema's types: text stays
 * text (ZIP 02108, IDs, IMEIs), integers and booleans are numbers and booleans, dates are dates. A
 * Parquet file ends with its footer, so both are written once the last page is in: the values are
 * held in memory by column (no object per row), at most MAX_FILE_ROWS rows, and an export that fails
 * part-way is an error, never a short file.
 */
import ExcelJS from 'exceljs';
import { parquetWriteBuffer } from 'hyparquet-writer';
import type { Dataset, DatasetColumn } from './datasets';
import type { Row } from './flatten';

/**
 * Rows a Parquet or xlsx export holds before writing (five times the largest table of a tenant 20
 * times the demo's); larger tables are CSV or NDJSON (streamed), or one campaign at a time.
 */
export const MAX_FILE_ROWS = 50_000;

/** A table held by column: each dataset column's values, in row order. */
export class ColumnarTable {
  readonly values: unknown[][];
  rows = 0;

  constructor(private readonly dataset: Dataset) {
    this.values = dataset.columns.map(() => []);
  }

  add(rows: Row[]): void {
    this.dataset.columns.forEach((column, index) => {
      const values = this.values[index];
      for (const row of rows) values.push(valueOf(column, row[column.name]));
    });
    this.rows += rows.length;
  }
}

/** A value as the file's type: dates (ISO `YYYY-MM-DD` in the rows) as dates. */
function valueOf(column: DatasetColumn, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  return column.type === 'date' || column.type === 'datetime' ? new Date(String(value)) : value;
}

const PARQUET_TYPES: Record<DatasetColumn['type'], object> = {
  string: { type: 'BYTE_ARRAY', converted_type: 'UTF8' },
  integer: { type: 'INT32' },
  number: { type: 'DOUBLE' },
  boolean: { type: 'BOOLEAN' },
  date: { type: 'INT32', converted_type: 'DATE' },
  datetime: { type: 'INT64', converted_type: 'TIMESTAMP_MILLIS' },
};

export function parquetOf(dataset: Dataset, table: ColumnarTable): Buffer {
  const schema = [
    { name: 'root', num_children: dataset.columns.length },
    ...dataset.columns.map((column) => ({ name: column.name, repetition_type: 'OPTIONAL', ...PARQUET_TYPES[column.type] })),
  ];
  const buffer = parquetWriteBuffer({
    columnData: dataset.columns.map((column, index) => ({ name: column.name, data: table.values[index] })),
    schema: schema as never,
    createdBy: 'unduit-graphql-gateway',
  });
  return Buffer.from(buffer);
}

export async function xlsxOf(dataset: Dataset, table: ColumnarTable): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(dataset.name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = dataset.columns.map((column) => ({
    header: column.name,
    key: column.name,
    width: Math.min(40, Math.max(10, column.name.length + 2)),
    // A string cell is always text, never a formula: exceljs writes a formula only when given one.
    style: column.type === 'date' ? { numFmt: 'yyyy-mm-dd' } : column.type === 'string' ? { numFmt: '@' } : {},
  }));
  for (let row = 0; row < table.rows; row += 1) sheet.addRow(table.values.map((values) => values[row]));
  sheet.getRow(1).font = { bold: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
