/**
 * A typed client as a frontend team writes one: Apollo Client 4 (core, no React) with the
 * TypedDocumentNodes GraphQL Code Generator writes from schema/operations, so `data` is typed from the
 * schema. Against `npm start`: `npm run example` (prints the first page of users). A test runs it
 * against a gateway in front of the simulator (test/integration/example-client.test.ts).
 */
import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client';
import { UsersPageDocument } from '../../schema/generated/operations';

/** The first page of users, by email, and the company's user count. */
export async function firstUsers(uri: string, headers: Record<string, string> = {}): Promise<{ total: number; emails: string[] }> {
  const client = new ApolloClient({ link: new HttpLink({ uri, headers }), cache: new InMemoryCache() });
  const { data } = await client.query({ query: UsersPageDocument, variables: { page: 1 } });
  if (!data) throw new Error('no data');
  // Typed: `data.users.items[number].email` is a string, `pageInfo.totalCount` a number.
  return { total: data.users.pageInfo.totalCount, emails: data.users.items.map((user) => user.email) };
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
