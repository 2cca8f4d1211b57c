/**
 * A typed client as a frontend team writes one: Apollo Client 4 (core, no React) with the
 * TypedDocumentNodes GraphQL Code Generator writes from schema/operations, so `data` is typed from the
 * schema. Against `npm start`: `npm run example` (prints the first page of users). A test runs it
 * against a gateway in front of the simulator (test/integration/example-client.test.ts).
 */
import { ApolloClient, HttpLink } from '@apollo/client';
import { UsersPageDocument } from '../../schema/generated/operations';
import { createCache } from './type-policies';

/** The first page of users, by email, and the company's user count. */
export async function firstUsers(
  uri: string,
  headers: Record<string, string> = {},
): Promise<{ total: number; emails: string[]; cachedUsers: string[] }> {
  const client = new ApolloClient({ link: new HttpLink({ uri, headers }), cache: createCache() });
  const { data } = await client.query({ query: UsersPageDocument, variables: { page: 1 } });
  if (!data) throw new Error('no data');
  // The normalised cache: one entry per user, by email (type-policies.ts).
  const cachedUsers = Object.keys(client.cache.extract() as Record<string, unknown>).filter((id) => id.startsWith('User:'));
  // Typed: `data.users.items[number].email` is a string, `pageInfo.totalCount` a number.
  return { total: data.users.pageInfo.totalCount, emails: data.users.items.map((user) => user.email), cachedUsers };
}

if (require.main === module) {
  firstUsers(process.argv[2] ?? 'http://127.0.0.1:4000/graphql').then(
    ({ total, emails }) => process.stdout.write(`${total} users; the first ${emails.length}:\n${emails.join('\n')}\n`),
    (error: unknown) => {
      process.stderr.write(`example failed: ${String(error)}\n`);
      process.exit(1);
    },
  );
}
