/** GATEWAY_TRUSTED_DOCUMENTS: only the shipped documents run, named by their hash. */
import fetch from 'node-fetch';
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
