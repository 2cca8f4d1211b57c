/** GATEWAY_TRUSTED_DOCUMENTS: only the shipped documents run, named by their hash. */
import { createClient } from 'graphql-ws';
import fetch from 'node-fetch';
import WebSocket from 'ws';
import { shippedManifest } from '../../src/documents-emit';
import { bearer, startHarness, type Harness } from '../support/harness';

const manifest = shippedManifest();
const [usersPageHash, usersPage] = Object.entries(manifest).find(([, text]) => text.startsWith('query UsersPage'))!;
let harness: Harness;

beforeAll(async () => {
  harness = await startHarness({ gateway: { trustedDocuments: manifest } });
});
afterAll(() => harness.stop());
beforeEach(() => harness.reset());

const post = (body: object) =>
  fetch(harness.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...bearer(harness.tokens.fairway) },
    body: JSON.stringify(body),
  });

it.each([
  ['documentId', { documentId: usersPageHash, variables: { page: 2 } }],
  ['documentId with its sha256: prefix', { documentId: `sha256:${usersPageHash}`, variables: { page: 2 } }],
  ["Apollo's persistedQuery hash", { extensions: { persistedQuery: { version: 1, sha256Hash: usersPageHash } }, variables: { page: 2 } }],
  ['the listed text itself', { query: usersPage, variables: { page: 2 } }],
])('a listed document runs when named by %s', async (_name, body) => {
  const answer = (await (await post(body)).json()) as { data?: { users: { items: unknown[] } }; errors?: unknown };
  expect(answer.errors).toBeUndefined();
  expect(answer.data!.users.items).toHaveLength(10);
});

it('a GET names it the same way', async () => {
  const url = `${harness.endpoint}?documentId=${usersPageHash}&variables=${encodeURIComponent(JSON.stringify({ page: 1 }))}`;
  const answer = (await (
    await fetch(url, { headers: { 'apollo-require-preflight': 'true', ...bearer(harness.tokens.fairway) } })
  ).json()) as { data?: unknown };
  expect(answer.data).toBeDefined();
});

it.each([
  ['any other query', { query: '{ users { items { email } } }' }],
  ['an unknown hash', { documentId: 'a'.repeat(64) }],
  ['nothing at all', {}],
])('%s is refused with PERSISTED_QUERY_NOT_ALLOWED before anything is sent', async (_name, body) => {
  const response = await post(body);
  expect(response.status).toBe(400);
  expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: 'PERSISTED_QUERY_NOT_ALLOWED' } }] });
  expect(harness.simulator.requestLog).toHaveLength(0);
});

describe('subscriptions', () => {
  const [employeeChangedHash, employeeChanged] = Object.entries(manifest).find(([, text]) =>
    text.startsWith('subscription EmployeeChanged'),
  )!;
  const campaignNumber = () => harness.companies.fairway.campaigns[0].number;

  it.each([
    ['an unlisted subscription', 'subscription { employeeChanged(campaignNumber: "1") { changedFields } }'],
    ['the listed one with a field added', employeeChanged.replace('changedFields', 'changedFields\n    campaignNumber')],
  ])('over WebSocket, %s is refused with PERSISTED_QUERY_NOT_ALLOWED before anything is sent', async (_name, query) => {
    const client = createClient({
      url: harness.endpoint.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: bearer(harness.tokens.fairway),
      retryAttempts: 0,
    });
    try {
      const codes = await new Promise<unknown[]>((resolve) => {
        const seen: unknown[] = [];
        client.subscribe(
          { query, variables: { campaignNumber: campaignNumber() } },
          {
            next: (result) => seen.push(...(result.errors ?? []).map((error) => error.extensions?.code)),
            error: (error) => resolve([...seen, ...(Array.isArray(error) ? error.map((each) => each.extensions?.code) : [String(error)])]),
            complete: () => resolve(seen),
          },
        );
      });
      expect(codes).toEqual(['PERSISTED_QUERY_NOT_ALLOWED']);
      expect(harness.simulator.requestLog).toHaveLength(0);
    } finally {
      await client.dispose();
    }
  });

  it('over multipart HTTP, the listed one runs when named by its documentId', async () => {
    const aborting = new AbortController();
    const response = await fetch(harness.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'multipart/mixed;boundary=graphql;subscriptionSpec=1.0,application/json',
        ...bearer(harness.tokens.fairway),
      },
      body: JSON.stringify({ documentId: employeeChangedHash, variables: { campaignNumber: campaignNumber() } }),
      signal: aborting.signal,
    });
    try {
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('subscriptionSpec="1.0"');
      // Its baseline poll: the subscription is running.
      const reads = () => harness.simulator.requestLog.filter((entry) => entry.path.startsWith('/recover/employees/details/')).length;
      for (let tries = 0; reads() === 0 && tries < 400; tries += 1) await new Promise((resolve) => setTimeout(resolve, 25));
      expect(reads()).toBe(1);
    } finally {
      aborting.abort();
    }
  });
});
