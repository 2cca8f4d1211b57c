/**
 * Apollo Client's cache, told each of the graph's keys (no type has an `id`): a user is its email, an
 * asset its asset ID, a campaign its number, an employee of a campaign its recovery ID. With these,
 * the same user read by two screens is one cache entry, and a refetch updates both.
 * docs/frontend.md shows this block; test/integration/example-client.test.ts runs it.
 */
import { InMemoryCache } from '@apollo/client';

export const typePolicies = {
  User: { keyFields: ['email'] },
  Asset: { keyFields: ['assetId'] },
  Campaign: { keyFields: ['campaignNumber'] },
  Employee: { keyFields: ['recoveryId'] },
};

export const createCache = () => new InMemoryCache({ typePolicies });
