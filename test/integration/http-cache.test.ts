/** What HTTP caches and clients see: Cache-Control on successful GET queries, and compressed answers. */
import zlib from 'node:zlib';
import { print } from 'graphql';
import fetch from 'node-fetch';
import { UsersPageDocument } from '../../schema/generated/operations';
import { loadConfig } from '../../src/config';
import { startHarness, type Harness } from '../support/harness';
import { ManualClock } from '../support/manual-clock';

const clock = new ManualClock();
let harness: Harness;

beforeAll(async () => {
  harness = await startHarness({ simulator: { clock }, gateway: { clock, cache: loadConfig({}).cache } });
});
afterAll(() => harness.stop());
beforeEach(() => clock.advance(3_600_000)); // caches expired

const auth = () => ({ authorization: `Bearer ${harness.simulator.tokenFor(317)}` });

function get(query: string, variables: object = {}, headers: Record<string, string> = {}) {
  const url = `${harness.endpoint}?query=${encodeURIComponent(query)}&variables=${encodeURIComponent(JSON.stringify(variables))}`;
  // Apollo Server's CSRF prevention asks GETs for a header a browser form cannot send.
  return fetch(url, { headers: { 'apollo-require-preflight': 'true', ...auth(), ...headers } });
}

describe('Cache-Control', () => {
  it("a successful GET query may be kept, privately, until its first upstream answer's TTL ends", async () => {
    const token = auth();
    const first = await get(print(UsersPageDocument), { page: 1 }, token);
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('private, max-age=60'); // users are cached for 60 s
    clock.advance(20_000);
    const repeat = await get(print(UsersPageDocument), { page: 1 }, token);
    expect(((await repeat.json()) as { extensions: object }).extensions).toMatchObject({ responseCache: 'hit' });
    expect(repeat.headers.get('cache-control')).toBe('private, max-age=40');
  });

  it('the shortest TTL of what the operation read wins', async () => {
    const campaign = harness.companies.fairway.campaigns[0].number;
    const answer = await get(`{ users { pageInfo { totalCount } } campaign(campaignNumber: "${campaign}") { title } }`);
    expect(answer.headers.get('cache-control')).toBe('private, max-age=15'); // campaign details: 15 s
  });

  it('never on a POST, or an answer with errors', async () => {
    const posted = await fetch(harness.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth() },
      body: JSON.stringify({ query: '{ users { pageInfo { totalCount } } }' }),
    });
    expect(posted.headers.get('cache-control')).toBeNull();
    harness.simulator.injectFault({ path: '/users', status: 404, times: 1 });
    const failed = await get('{ users(page: 2) { pageInfo { totalCount } } }');
    expect(((await failed.json()) as { errors?: unknown[] }).errors).toBeDefined();
    expect(failed.headers.get('cache-control')).toBeNull();
  });
});

describe('compression', () => {
  it.each([
    ['br', zlib.brotliDecompressSync],
    ['gzip', zlib.gunzipSync],
  ])('a large answer is sent %s-encoded when the client accepts it', async (encoding, decode) => {
    const response = await fetch(harness.endpoint, {
      method: 'POST',
      compress: false,
      headers: { 'content-type': 'application/json', 'accept-encoding': encoding, ...auth() },
      body: JSON.stringify({ query: print(UsersPageDocument), variables: { page: 1 } }),
    });
    expect(response.headers.get('content-encoding')).toBe(encoding);
    const body = decode(await response.buffer()).toString();
    expect(JSON.parse(body).data.users.items).toHaveLength(10);
  });

  it('a small answer, or a client that accepts no encoding, gets it as it is', async () => {
    const post = (query: string, encoding: string) =>
      fetch(harness.endpoint, {
        method: 'POST',
        compress: false,
        headers: { 'content-type': 'application/json', 'accept-encoding': encoding, ...auth() },
        body: JSON.stringify({ query }),
      });
    expect((await post('{ __typename }', 'br, gzip')).headers.get('content-encoding')).toBeNull();
    expect((await post(print(UsersPageDocument), 'identity')).headers.get('content-encoding')).toBeNull();
  });
});
