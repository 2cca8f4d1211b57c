/**
 * How an export ends when a later page fails (the integration test covers whole exports; a failure
 * on exactly the second page is staged here): the rows already sent stay, and a truncation marker
 * ends the body. A failure before the first row is a JSON error with the code's status.
 */
import { Writable } from 'node:stream';
import { parse } from 'graphql';
import type { Response } from 'express';
import type { Dataset } from '../../src/exports/datasets';
import { stream } from '../../src/exports/export-route';
import { columnsOf } from '../../src/exports/flatten';

const nodes = (parse('{ x { nodes { email address { city } } } }').definitions[0] as any).selectionSet.selections[0].selectionSet
  .selections[0].selectionSet;
const dataset: Dataset = {
  name: 'users',
  description: '',
  query: '',
  connection: 'x',
  nodes,
  fragments: {},
  columns: columnsOf(nodes).map((column) => ({ name: column.name, type: 'string', graphqlType: 'String' })),
  key: ['email'],
  relationships: [],
};

/** The parts of express's Response the stream uses, writing into a string. */
function response() {
  let body = '';
  let status = 0;
  const sink = new Writable({ write: (chunk, _encoding, done) => ((body += chunk.toString()), done()) });
  const res = Object.assign(sink, {
    status: (code: number) => ((status = code), res),
    type: () => res,
    setHeader: () => res,
    json: (value: unknown) => ((body = JSON.stringify(value)), res),
  });
  return { res: res as unknown as Response, body: () => body, status: () => status };
}

const failing = { error: { code: 'UPSTREAM_ERROR', message: 'The Unduit API answered 502' } };
const rows = [
  { email: 'a@x.y', 'address.city': 'Paris' },
  { email: 'b@x.y', 'address.city': null },
];

it.each([
  ['csv', 'email,address.city\na@x.y,Paris\nb@x.y,\n#TRUNCATED,UPSTREAM_ERROR,The Unduit API answered 502\n'],
  [
    'ndjson',
    '{"email":"a@x.y","address.city":"Paris"}\n{"email":"b@x.y","address.city":null}\n{"truncated":{"code":"UPSTREAM_ERROR","message":"The Unduit API answered 502"}}\n',
  ],
  [
    'json',
    '[{"email":"a@x.y","address.city":"Paris"},\n{"email":"b@x.y","address.city":null},\n{"truncated":{"code":"UPSTREAM_ERROR","message":"The Unduit API answered 502"}}]\n',
  ],
] as const)('%s: the first page, then a truncation marker when the second fails', async (format, expected) => {
  const { res, body, status } = response();
  const pages = [{ rows, after: 'c1' }, failing];
  await stream(res, format, dataset, async () => pages.shift()!);
  expect(status()).toBe(200);
  expect(body()).toBe(expected);
});

it('JSON stays an array when a page brings no rows: separators only between elements', async () => {
  const { res, body } = response();
  const pages = [{ rows: [], after: 'c1' }, { rows: [rows[0]], after: 'c2' }, failing];
  await stream(res, 'json', dataset, async () => pages.shift()!);
  expect(JSON.parse(body())).toEqual([rows[0], { truncated: failing.error }]);
  const empty = response();
  const none = [{ rows: [], after: 'c1' }, failing];
  await stream(empty.res, 'json', dataset, async () => none.shift()!);
  expect(JSON.parse(empty.body())).toEqual([{ truncated: failing.error }]);
});

it('a failure before the first row is a JSON error with the status of its code', async () => {
  const { res, body, status } = response();
  await stream(res, 'csv', dataset, async () => ({ error: { code: 'UNAUTHENTICATED', message: 'Send your Unduit token' } }));
  expect(status()).toBe(401);
  expect(JSON.parse(body())).toEqual({ errors: [{ message: 'Send your Unduit token', extensions: { code: 'UNAUTHENTICATED' } }] });
});

describe('a slow reader', () => {
  /** A client that takes nothing until `read()` is called: its writes complete only then. */
  function slowClient() {
    const held: Array<() => void> = [];
    const sink = new Writable({ highWaterMark: 1024, write: (_chunk, _encoding, done) => void held.push(done) });
    const res = Object.assign(sink, { status: () => res, type: () => res, setHeader: () => res, json: () => res });
    return { res: res as unknown as Response, read: () => held.splice(0).forEach((done) => done()) };
  }

  it('holds the export one page ahead of what the client has read, then finishes when it reads', async () => {
    const { res, read } = slowClient();
    const asked: Array<string | null> = [];
    const bigRows = Array.from({ length: 50 }, (_, n) => ({ email: `user${n}@example.com`, 'address.city': 'x'.repeat(100) }));
    const finished = stream(res, 'ndjson', dataset, async (after) => {
      asked.push(after);
      const n = after === null ? 0 : Number(after);
      return { rows: bigRows, after: n + 1 < 100 ? String(n + 1) : null };
    });
    // Let every promise that can settle settle: without reads, no more pages are asked for.
    for (let turn = 0; turn < 20; turn += 1) await new Promise((resolve) => setImmediate(resolve));
    expect(asked).toEqual([null, '1']);
    let done = false;
    void finished.then(() => (done = true));
    for (let turn = 0; turn < 1_000 && !done; turn += 1) {
      read();
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(done).toBe(true);
    expect(asked).toHaveLength(100);
  });
});
