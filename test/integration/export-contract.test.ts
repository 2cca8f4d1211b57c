/**
 * What the exports promise a data model, against the running simulator: each dataset at its declared
 * grain with its key unique and never empty, typed columns published (the catalog, a Table Schema per
 * dataset), errors instead of empty tables, cells a spreadsheet would run neutralised in CSV, and the
 * docs' pandas load keeping ZIP codes' zeros (Debian's python3-pandas).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fetch from 'node-fetch';
import { parquetReadObjects } from 'hyparquet';
import { AddRecoveryEmployeeDocument, type RecoveryEmployeeInput } from '../../schema/generated/operations';
import { usEmployee } from '../fixtures/recovery-input';
import { bearer, startHarness, type Harness } from '../support/harness';

let harness: Harness;
let base: string;
beforeAll(async () => {
  harness = await startHarness();
  base = harness.endpoint.replace('/graphql', '/export');
});
afterAll(() => harness.stop());

const get = (file: string, headers: Record<string, string> = bearer(harness.tokens.fairway)) => fetch(`${base}${file}`, { headers });
const ndjson = async (file: string) => {
  const text = await (await get(file)).text();
  return text
    .trimEnd()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
};
interface Catalog {
  datasets: Array<{ name: string; key: string[]; columns: Array<{ name: string; type: string }>; relationships: unknown[] }>;
}

describe('grain and keys', () => {
  it.each(['users', 'assets', 'campaigns', 'employees', 'recovery-items', 'tracking'])(
    '%s: its declared key is unique and never empty in every row',
    async (dataset) => {
      const catalog = (await (await get('')).json()) as Catalog;
      const { key } = catalog.datasets.find((entry) => entry.name === dataset)!;
      const rows = await ndjson(`/${dataset}.ndjson`);
      expect(rows.length).toBeGreaterThan(0);
      const keys = rows.map((row) => key.map((column) => row[column]));
      for (const values of keys) for (const value of values) expect(value === null || value === '' || value === undefined).toBe(false);
      expect(new Set(keys.map((values) => JSON.stringify(values))).size).toBe(rows.length);
    },
  );

  it('a campaign without employees adds no row to employees or recovery items, and answers empty, not a phantom row', async () => {
    const northwind = bearer(harness.tokens.northwind);
    const campaigns = harness.companies.northwind.campaigns;
    const empty = campaigns.find((campaign) => campaign.employees.length === 0)!;
    const employees = (await (await get('/employees.ndjson', northwind)).text()).trimEnd().split('\n');
    expect(employees).toHaveLength(campaigns.reduce((sum, campaign) => sum + campaign.employees.length, 0));
    expect(employees.some((line) => line.includes(empty.number))).toBe(false);
    for (const dataset of ['employees', 'recovery-items', 'tracking']) {
      const one = await get(`/${dataset}.csv?campaign=${empty.number}`, northwind);
      expect(one.status).toBe(200);
      expect((await one.text()).trimEnd().split('\n')).toHaveLength(1); // the header
    }
  });

  it('employees: one row per employee; tracking: one row per shipment record', async () => {
    const campaigns = harness.companies.fairway.campaigns;
    const employees = await ndjson('/employees.ndjson');
    expect(employees).toHaveLength(campaigns.reduce((sum, campaign) => sum + campaign.employees.length, 0));
    const tracking = await ndjson('/tracking.ndjson');
    // The simulator lists one shipment record for an employee once anything has shipped.
    const shipped = campaigns
      .flatMap((campaign) => campaign.employees)
      .filter((employee) => employee.shipped.forward || employee.shipped.back);
    expect(shipped.length).toBeLessThan(employees.length);
    expect(tracking).toHaveLength(shipped.length);
    expect(tracking.every((row) => typeof row['employee.tracking.position'] === 'number')).toBe(true);
  });

  it("recovery items carry the resolved asset's ID and serial number, which join the assets table", async () => {
    const items = await ndjson('/recovery-items.ndjson');
    const assets = new Set((await ndjson('/assets.ndjson')).map((row) => row.assetId));
    const resolved = items.filter((row) => row['employee.item.asset.assetId'] !== null);
    expect(resolved.length).toBeGreaterThan(0);
    for (const row of resolved) expect(assets.has(row['employee.item.asset.assetId'])).toBe(true);
    expect(resolved.every((row) => typeof row['employee.item.asset.serialNumber'] === 'string')).toBe(true);
  });
});

describe('the catalog', () => {
  it('lists every dataset with its formats, typed columns, key, relationships and filters; ZIP, phone, IMEI and IDs are text', async () => {
    const response = await get('');
    expect(response.status).toBe(200);
    const catalog = (await response.json()) as Catalog;
    expect(catalog.datasets.map((dataset) => dataset.name)).toEqual([
      'assets',
      'campaigns',
      'employees',
      'recovery-items',
      'tracking',
      'users',
    ]);
    const typeOf = (dataset: string, column: string) =>
      catalog.datasets.find((entry) => entry.name === dataset)!.columns.find((entry) => entry.name === column)?.type;
    expect(typeOf('users', 'address.zip')).toBe('string');
    expect(typeOf('users', 'phone')).toBe('string');
    expect(typeOf('assets', 'imei')).toBe('string');
    expect(typeOf('assets', 'purchaseDate')).toBe('date');
    expect(typeOf('campaigns', 'campaignNumber')).toBe('string');
    expect(typeOf('campaigns', 'totalEmployeeCount')).toBe('integer');
    expect(typeOf('recovery-items', 'employee.item.legalHold')).toBe('boolean');
  });

  it('serves a Frictionless Table Schema per dataset, with its primary and foreign keys', async () => {
    const schema = (await (await get('/recovery-items.schema.json')).json()) as Record<string, unknown>;
    expect(schema).toMatchObject({
      name: 'recovery-items',
      primaryKey: ['employee.recoveryId', 'employee.item.position'],
      foreignKeys: expect.arrayContaining([
        { fields: ['employee.item.asset.assetId'], reference: { resource: 'assets', fields: ['assetId'] } },
      ]),
      missingValues: [''],
    });
    expect(schema.fields).toContainEqual({ name: 'employee.item.position', type: 'integer', graphqlType: 'Int' });
    expect(schema.fields).toContainEqual({ name: 'employee.item.asset.assetId', type: 'string', graphqlType: 'String' });
  });

  it('asks for credentials like the data does', async () => {
    for (const file of ['', '/users.schema.json']) {
      const response = await get(file, {});
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
    }
  });
});

describe('errors, not empty tables', () => {
  it.each([
    ['/employees.csv?campaign=999', 404, 'NOT_FOUND', 'No campaign 999'],
    ['/employees.csv?campaign=1&campaign=2', 400, 'BAD_REQUEST', 'more than once'],
    ['/employees.csv?campagin=1', 400, 'BAD_REQUEST', 'it takes campaign, bom'],
    ['/employees.ndjson?bom=1', 400, 'BAD_REQUEST', 'CSV only'],
    ['/employees.xls', 404, 'NOT_FOUND', 'formats: csv, ndjson, json'],
    ['/employes.csv', 404, 'NOT_FOUND', 'datasets: assets, campaigns, employees'],
  ])('%s: %i %s', async (file, status, code, message) => {
    const response = await get(file);
    expect(response.status).toBe(status);
    const body = (await response.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
    expect(body.errors[0].extensions.code).toBe(code);
    expect(body.errors[0].message).toContain(message);
  });
});

describe('safe to open', () => {
  it('a name a spreadsheet would run is neutralised in CSV and carried unchanged in NDJSON, JSON and Parquet (xlsx: export-formats)', async () => {
    const campaign = harness.companies.fairway.campaigns.find((entry) => entry.employees.length > 0)!;
    const name = '=HYPERLINK("http://x","y")';
    const employee = usEmployee({ email: 'formula.export@fairway.example', firstName: name, lastName: '-1+2' }) as RecoveryEmployeeInput;
    const added = await harness.request(AddRecoveryEmployeeDocument, { input: { campaignNumber: campaign.number, employee } });
    expect(added.errors).toBeUndefined();
    const csv = await (await get(`/employees.csv?campaign=${campaign.number}`)).text();
    const line = csv.split('\n').find((row) => row.includes('formula.export@fairway.example'))!;
    expect(line).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(line).toContain(",'-1+2,");
    expect(line).not.toMatch(/,=|,"=/);
    const rows = await ndjson(`/employees.ndjson?campaign=${campaign.number}`);
    const json = (await (await get(`/employees.json?campaign=${campaign.number}`)).json()) as Array<Record<string, unknown>>;
    const parquet = Buffer.from(await (await get(`/employees.parquet?campaign=${campaign.number}`)).arrayBuffer());
    const fromParquet = (await parquetReadObjects({
      file: parquet.buffer.slice(parquet.byteOffset, parquet.byteOffset + parquet.byteLength) as ArrayBuffer,
    })) as Array<Record<string, unknown>>;
    for (const found of [rows, json, fromParquet]) {
      expect(found.find((row) => row['employee.email'] === 'formula.export@fairway.example')).toMatchObject({
        'employee.firstName': name,
        'employee.lastName': '-1+2',
      });
    }
  });

  it('?bom=1 starts a CSV with the UTF-8 byte order mark, for Excel', async () => {
    const body = Buffer.from(await (await get('/campaigns.csv?bom=1')).arrayBuffer());
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const plain = Buffer.from(await (await get('/campaigns.csv')).arrayBuffer());
    expect(plain.subarray(0, 3).toString()).toBe('cam');
  });
});

describe("the docs' pandas load", () => {
  it('types every column from the Table Schemas: ZIP 02108 keeps its zero, dates are dates', async () => {
    const docs = readFileSync(path.resolve(__dirname, '../../docs/bi.md'), 'utf8');
    const example = /```python\n([\s\S]*?)```/.exec(docs)![1];
    const script =
      example.replace('http://127.0.0.1:4000/export', base).replace('Bearer <token>', `Bearer ${harness.tokens.fairway}`) +
      [
        'assert (employees["employee.address.zip"] == "02108").any(), "ZIP lost its zero"',
        'assert str(employees["employee.lastUpdated"].dtype).startswith("datetime64")',
        'assert str(assets["purchaseDate"].dtype).startswith("datetime64")',
        'assert str(campaigns["totalEmployeeCount"].dtype) == "Int64"',
        'assert str(users["phone"].dtype) == "string"',
        'print(len(users), len(employees))',
      ].join('\n');
    const python = process.env.PANDAS_PYTHON ?? '/usr/bin/python3';
    // Not execFileSync: the gateway runs in this process and must answer pandas meanwhile.
    const { stdout } = await promisify(execFile)(python, ['-c', script], { encoding: 'utf8', timeout: 60_000 });
    expect(stdout.trim()).toBe(
      `${harness.companies.fairway.users.length} ${harness.companies.fairway.campaigns.reduce((sum, c) => sum + c.employees.length, 0)}`,
    );
  });
});
