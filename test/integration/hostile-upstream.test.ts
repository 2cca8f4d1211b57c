/**
 * An upstream that misbehaves on purpose (a stand-in in front of the simulator): redirects elsewhere
 * never carry the token or a write's body there, and an answer's size is bounded once decoded.
 */
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { AddRecoveryEmployeeDocument, UsersPageDocument, type RecoveryEmployeeInput } from '../../schema/generated/operations';
import { MAX_UPSTREAM_BODY_BYTES } from '../../src/core/http/upstream-client';
import { usEmployee } from '../fixtures/recovery-input';
import { startHarness, type Harness } from '../support/harness';
import { startMisbehavingUpstream, startRecordingServer, type MisbehavingUpstream } from '../support/misbehaving-upstream';

let harness: Harness;
let upstream: MisbehavingUpstream;
let elsewhere: Awaited<ReturnType<typeof startRecordingServer>>;
let simulatorUrl: string;

beforeAll(async () => {
  elsewhere = await startRecordingServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'from elsewhere', data: [], total: 0 }));
  });
  harness = await startHarness({
    upstreamInFront: async (simulatorBaseUrl) => {
      simulatorUrl = simulatorBaseUrl;
      return (upstream = await startMisbehavingUpstream(simulatorBaseUrl)).baseUrl;
    },
  });
});
afterAll(async () => {
  await harness.stop();
  await upstream.stop();
  await elsewhere.stop();
});
beforeEach(() => {
  upstream.misbehave = () => false;
  upstream.seen.length = 0;
  elsewhere.seen.length = 0;
});

const upstreamCalls = (path: string) => upstream.seen.filter((request) => request.url.split('?')[0].endsWith(path)).length;

describe('redirects', () => {
  it.each([301, 302, 307, 308])(
    'a read redirected (%i) to another origin is UPSTREAM_ERROR; the token never goes there',
    async (status) => {
      upstream.misbehave = (request, response) => {
        if (!request.url.includes('/users')) return false;
        response.writeHead(status, { location: `${elsewhere.url}${request.url}` }).end();
        return true;
      };
      const result = await harness.request(UsersPageDocument, { page: 1 });
      expect(result.data?.users ?? null).toBeNull();
      expect(result.errors?.[0]).toMatchObject({ extensions: { code: 'UPSTREAM_ERROR', upstream: { endpoint: 'GET /users', status } } });
      expect(result.errors?.[0].message).toMatch(/redirected GET \/users to another origin/);
      expect(elsewhere.seen).toHaveLength(0);
      // Not retried: a redirect does not heal.
      expect(upstreamCalls('/users')).toBe(1);
    },
  );

  it('a read redirected within the upstream origin is followed', async () => {
    upstream.misbehave = (request, response) => {
      if (!request.url.includes('/users') || request.url.includes('moved=1')) return false;
      response.writeHead(302, { location: `${request.url}&moved=1` }).end();
      return true;
    };
    const result = await harness.request(UsersPageDocument, { page: 1 });
    expect(result.errors).toBeUndefined();
    expect(result.data!.users.items.length).toBeGreaterThan(0);
    expect(upstreamCalls('/users')).toBe(2);
  });

  it('a write answered 307 is never sent again, here or elsewhere: its body and token stay put', async () => {
    upstream.misbehave = (request, response) => {
      if (request.method !== 'POST') return false;
      response.writeHead(307, { location: `${elsewhere.url}${request.url}` }).end();
      return true;
    };
    const campaign = harness.companies.fairway.campaigns[0];
    const employee = usEmployee({ email: 'redirected.write@fairway.example' }) as RecoveryEmployeeInput;
    const result = await harness.request(AddRecoveryEmployeeDocument, { input: { campaignNumber: campaign.number, employee } });
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'UPSTREAM_ERROR', upstream: { status: 307 } });
    expect(upstream.seen.filter((request) => request.method === 'POST')).toHaveLength(1);
    expect(elsewhere.seen).toHaveLength(0);
  });
});

describe('answer size', () => {
  it.each([
    ['gzip', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
  ])('asks for compressed answers and reads a %s one as the same page', async (encoding, compress) => {
    const plain = await harness.request(UsersPageDocument, { page: 1 });
    const asked: Array<string | undefined> = [];
    upstream.misbehave = (request, response) => {
      if (!request.url.includes('/users')) return false;
      asked.push(request.headers['accept-encoding']);
      fetch(`${simulatorUrl}${request.url.replace(/^.*?\/users/, '/users')}`, {
        headers: { authorization: request.headers.authorization! },
      })
        .then((answer) => answer.arrayBuffer())
        .then((body) =>
          response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': encoding }).end(compress(Buffer.from(body))),
        );
      return true;
    };
    const compressed = await harness.request(UsersPageDocument, { page: 1 });
    expect(asked).toEqual(['gzip, deflate, br']);
    expect(compressed.data).toEqual(plain.data);
    expect(compressed.errors).toBeUndefined();
  });

  it('a gzip body that inflates past the limit is UPSTREAM_ERROR after one call, not retried, and the gateway stays healthy', async () => {
    const bomb = gzipSync(Buffer.alloc(MAX_UPSTREAM_BODY_BYTES * 8, ' '));
    upstream.misbehave = (request, response) => {
      if (!request.url.includes('/users')) return false;
      response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end(bomb);
      return true;
    };
    const result = await harness.request(UsersPageDocument, { page: 1 });
    expect(result.errors?.[0]).toMatchObject({ extensions: { code: 'UPSTREAM_ERROR', upstream: { endpoint: 'GET /users' } } });
    expect(result.errors?.[0].message).toMatch(/larger than the gateway accepts \(over 4 MB\)/);
    expect(upstreamCalls('/users')).toBe(1);
  });

  it('a plain body just over the limit is refused; one just under is read', async () => {
    const page = (bytes: number) => {
      const padding = 'x'.repeat(bytes - JSON.stringify({ data: [], total: 0, pad: '' }).length);
      return JSON.stringify({ data: [], total: 0, pad: padding });
    };
    let body = page(MAX_UPSTREAM_BODY_BYTES + 1);
    upstream.misbehave = (request, response) => {
      if (!request.url.includes('/users')) return false;
      response.writeHead(200, { 'content-type': 'application/json' }).end(body);
      return true;
    };
    const over = await harness.request(UsersPageDocument, { page: 1 });
    expect(over.errors?.[0].extensions?.code).toBe('UPSTREAM_ERROR');
    body = page(MAX_UPSTREAM_BODY_BYTES);
    const under = await harness.request(UsersPageDocument, { page: 1 });
    expect(under.errors).toBeUndefined();
  });
});

describe("one tenant's trouble", () => {
  it("a Retry-After on one tenant's call does not hold another tenant's query", async () => {
    let picky!: MisbehavingUpstream;
    const paused = await startHarness({
      gateway: { traffic: { deadlineMs: 2_000 } },
      upstreamInFront: async (simulatorBaseUrl) => (picky = await startMisbehavingUpstream(simulatorBaseUrl)).baseUrl,
    });
    const fairwayToken = paused.tokens.fairway;
    try {
      picky.misbehave = (request, response) => {
        if (request.headers.authorization !== `Bearer ${fairwayToken}`) return false;
        response.writeHead(429, { 'content-type': 'application/json', 'retry-after': '999999' }).end('{"message":"slow down"}');
        return true;
      };
      const fairway = await paused.request(UsersPageDocument, { page: 1 });
      expect(fairway.errors?.[0].extensions).toMatchObject({ upstream: { status: 429 } });
      const northwind = await paused.request(UsersPageDocument, { page: 1 }, { authorization: `Bearer ${paused.tokens.northwind}` });
      expect(northwind.errors).toBeUndefined();
      expect(northwind.data!.users.items.length).toBeGreaterThan(0);
    } finally {
      await paused.stop();
      await picky.stop();
    }
  });
});
