/** Whole data sets over plain HTTP: streamed page by page through the graph, as CSV, NDJSON or JSON. */
import fetch from 'node-fetch';
import { bearer, startHarness, type Harness } from '../support/harness';

let harness: Harness;
let base: string;
beforeAll(async () => {
  harness = await startHarness();
  base = harness.endpoint.replace('/graphql', '/export');
});
afterAll(() => harness.stop());
beforeEach(() => harness.reset());

const get = (path: string, headers: Record<string, string> = bearer(harness.tokens.fairway)) => fetch(`${base}/${path}`, { headers });

/** RFC 4180 lines to cells (quotes doubled inside quoted cells), enough for the tests' data. */
function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(cell);
      cell = '';
    } else if (char === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else if (char !== '\r') cell += char;
  }
  return rows;
}

it("users as CSV: a header of the document's fields, one row per user, every page", async () => {
  const response = await get('users.csv');
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  const [header, ...rows] = csvRows(await response.text());
  expect(header).toEqual([
    'email',
    'firstName',
    'lastName',
    'phone',
    'phoneCountryCode',
    'locationName',
    'locationType',
    'address.line1',
    'address.line2',
    'address.city',
    'address.state',
    'address.zip',
    'address.country',
  ]);
  const users = harness.companies.fairway.users;
  expect(rows).toHaveLength(users.length);
  expect(rows.map((row) => row[0])).toEqual(users.map((user) => user.email));
  expect(harness.simulator.requestLog).toHaveLength(Math.ceil(users.length / 10));
});

it('recovery items as NDJSON: one row per item, with its employee, asset and holder; one campaign with ?campaign=', async () => {
  const campaign = harness.companies.fairway.campaigns.find((entry) => entry.employees.length === 57)!;
  const response = await get(`recovery-items.ndjson?campaign=${campaign.number}`);
  expect(response.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
  const rows = (await response.text())
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  const items = campaign.employees.flatMap((employee) =>
    employee.items.map((item) => ({ email: employee.email, serial: item.item_serial_no })),
  );
  expect(rows).toHaveLength(items.length);
  expect(rows.map((row) => [row['employee.email'], row['employee.item.serialNumber']])).toEqual(
    items.map((item) => [item.email, item.serial]),
  );
  expect(Object.keys(rows[0])).toContain('employee.item.asset.holder.email');
});

it('campaigns as JSON: an array of flat rows', async () => {
  const rows = (await (await get('campaigns.json')).json()) as Array<Record<string, unknown>>;
  expect(rows).toHaveLength(harness.companies.fairway.campaigns.length);
  expect(Object.keys(rows[0])).toEqual([
    'campaignNumber',
    'title',
    'startDate',
    'country.code',
    'country.name',
    'totalDeviceCount',
    'totalEmployeeCount',
  ]);
});

it('is authenticated like /graphql, and refuses before the first byte as JSON with a code', async () => {
  const anonymous = await get('users.csv', {});
  expect(anonymous.status).toBe(401);
  expect(await anonymous.json()).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
  const unknown = await get('secrets.csv');
  expect(unknown.status).toBe(404);
  const refusal = (await unknown.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
  expect(refusal.errors[0].extensions.code).toBe('NOT_FOUND');
  expect(refusal.errors[0].message).toContain('datasets: assets, campaigns, employees, recovery-items, tracking, users');
  const badFilter = await get('users.csv?campaign=1');
  expect(badFilter.status).toBe(400);
});
