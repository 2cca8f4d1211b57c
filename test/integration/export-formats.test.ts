/**
 * The typed file formats, read back by readers that are not ours: every dataset's Parquet file by
 * hyparquet (a Parquet reader of its own) against the same rows as NDJSON, column by column, with the
 * Table Schema's types; an xlsx file by openpyxl (Debian's python3-openpyxl, what pandas reads xlsx
 * with): text cells for ZIP codes, date cells for dates, the header frozen, no formula anywhere.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import fetch from 'node-fetch';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { AddRecoveryEmployeeDocument, type RecoveryEmployeeInput } from '../../schema/generated/operations';
import { usEmployee } from '../fixtures/recovery-input';
import { bearer, startHarness, type Harness } from '../support/harness';

let harness: Harness;
let base: string;
const folder = mkdtempSync(path.join(os.tmpdir(), 'export-formats-'));
beforeAll(async () => {
  harness = await startHarness();
  base = harness.endpoint.replace('/graphql', '/export');
});
afterAll(async () => {
  await harness.stop();
  rmSync(folder, { recursive: true, force: true });
});

const get = (file: string) => fetch(`${base}/${file}`, { headers: bearer(harness.tokens.fairway) });
const bytes = async (file: string) => {
  const response = await get(file);
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
};
const PARQUET_TYPES: Record<string, { type: string; converted_type?: string }> = {
  string: { type: 'BYTE_ARRAY', converted_type: 'UTF8' },
  integer: { type: 'INT32' },
  boolean: { type: 'BOOLEAN' },
  date: { type: 'INT32', converted_type: 'DATE' },
};

it.each(['users', 'assets', 'campaigns', 'employees', 'recovery-items', 'tracking'])(
  '%s.parquet: the NDJSON rows, column by column, each typed as its Table Schema says',
  async (dataset) => {
    const schema = (await (await get(`${dataset}.schema.json`)).json()) as { fields: Array<{ name: string; type: string }> };
    const expected = (await (await get(`${dataset}.ndjson`)).text())
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const file = await bytes(`${dataset}.parquet`);
    const buffer = file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength);
    const metadata = parquetMetadata(buffer);
    for (const field of schema.fields) {
      const element = metadata.schema.find((entry) => entry.name === field.name)!;
      expect({ name: field.name, type: element.type, converted_type: element.converted_type }).toEqual({
        name: field.name,
        converted_type: undefined,
        ...PARQUET_TYPES[field.type],
      });
    }
    const rows = (await parquetReadObjects({ file: buffer })) as Array<Record<string, unknown>>;
    expect(rows).toHaveLength(expected.length);
    const comparable = (value: unknown) => (value instanceof Date ? value.toISOString().slice(0, 10) : (value ?? null));
    for (const field of schema.fields) {
      expect(rows.map((row) => comparable(row[field.name]))).toEqual(expected.map((row) => row[field.name] ?? null));
    }
  },
);

it('employees.xlsx: text cells stay text (ZIP 02108, a formula-like name), dates are date cells, the header frozen', async () => {
  const campaign = harness.companies.fairway.campaigns.find((entry) => entry.employees.length > 0)!;
  const employee = usEmployee({ email: 'formula.xlsx@fairway.example', firstName: '=1+1' }) as RecoveryEmployeeInput;
  expect(
    (await harness.request(AddRecoveryEmployeeDocument, { input: { campaignNumber: campaign.number, employee } })).errors,
  ).toBeUndefined();
  const file = path.join(folder, 'employees.xlsx');
  writeFileSync(file, await bytes('employees.xlsx'));
  const script = `
import sys, datetime, openpyxl
sheet = openpyxl.load_workbook(sys.argv[1]).active
header = [cell.value for cell in sheet[1]]
column = lambda name: [row[header.index(name)] for row in sheet.iter_rows(min_row=2)]
zips = [cell for cell in column("employee.address.zip") if cell.value == "02108"]
assert zips and all(cell.data_type == "s" for cell in zips), "ZIP 02108 is not a text cell"
dates = [cell for cell in column("employee.lastUpdated") if cell.value is not None]
assert dates and all(isinstance(cell.value, datetime.datetime) for cell in dates), "lastUpdated is not a date"
names = [cell for cell in column("employee.firstName") if cell.value == "=1+1"]
assert len(names) == 1 and names[0].data_type == "s", "a formula-like name is not text"
assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row), "a formula cell"
print(sheet.freeze_panes, sheet.max_row - 1)
`;
  const python = process.env.PANDAS_PYTHON ?? '/usr/bin/python3';
  const { stdout } = await promisify(execFile)(python, ['-c', script, file], { encoding: 'utf8' });
  const employees = harness.companies.fairway.campaigns.reduce((sum, entry) => sum + entry.employees.length, 0);
  expect(stdout.trim()).toBe(`A2 ${employees}`);
});

it('a Parquet or xlsx export that fails is an error, never a short file', async () => {
  // The other company: nothing of it is in the shared cache to stand in for the failing pages.
  harness.simulator.injectFault({ path: /^\/recover\/employees\/details\//, status: 500, times: 1000 });
  try {
    const response = await fetch(`${base}/employees.parquet`, { headers: bearer(harness.tokens.northwind) });
    expect(response.status).toBeGreaterThanOrEqual(500);
    const body = (await response.json()) as { errors: Array<{ extensions: { code: string } }> };
    // UPSTREAM_ERROR, or UPSTREAM_UNAVAILABLE once the retries opened the endpoint's breaker.
    expect(body.errors[0].extensions.code).toMatch(/^UPSTREAM_(ERROR|UNAVAILABLE)$/);
  } finally {
    harness.simulator.clearFaults();
  }
});
