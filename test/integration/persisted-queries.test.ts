/**
 * Automatic persisted queries: what a client may store is bounded, per document and per address. A
 * registration past a bound still runs, unregistered, so its client keeps working.
 */
import { createHash } from 'node:crypto';
import { startHarness, type Harness } from '../support/harness';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness({ gateway: { rateLimits: { persistedQueriesPerHourPerAddress: 3 } } });
});
afterAll(() => harness.stop());

const hashOf = (query: string) => ({ version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') });

async function post(body: object): Promise<{ status: number; data?: unknown; errors?: Array<{ extensions?: { code?: string } }> }> {
  const response = await fetch(harness.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, ...((await response.json()) as object) };
}

/** Registers `query` by hash, then asks by hash alone: whether the gateway kept it. */
async function registerThenAsk(query: string): Promise<{ ran: boolean; kept: boolean }> {
  const persistedQuery = hashOf(query);
  const registered = await post({ query, extensions: { persistedQuery } });
  const byHash = await post({ extensions: { persistedQuery } });
  return { ran: registered.errors === undefined && registered.data !== undefined, kept: byHash.errors === undefined };
}

it('keeps a small document; runs a document over 32 KB but never stores it', async () => {
  expect(await registerThenAsk('query Small { __typename }')).toEqual({ ran: true, kept: true });
  expect(await registerThenAsk(`query Large { __typename } # ${'x'.repeat(40_000)}`)).toEqual({ ran: true, kept: false });
});

it('stores at most the allowance of registrations per address; past it, queries still run', async () => {
  expect(await registerThenAsk('query Second { __typename }')).toEqual({ ran: true, kept: true });
  expect(await registerThenAsk('query Third { __typename }')).toEqual({ ran: true, kept: true });
  expect(await registerThenAsk('query Fourth { __typename }')).toEqual({ ran: true, kept: false });
});
