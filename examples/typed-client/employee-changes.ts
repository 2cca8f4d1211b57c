/**
 * Live updates in a typed client: Apollo Client 4's default `HttpLink` subscribes over multipart HTTP
 * with nothing to set up, and `EmployeeChangedDocument` (generated from schema/operations/live.graphql)
 * types each event. Against `npm start`: `npm run example:live -- <campaign number>` prints changes as
 * the simulator moves recoveries. A test runs it (test/integration/example-client.test.ts).
 */
import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client';
import { EmployeeChangedDocument, type EmployeeChangedSubscription } from '../../schema/generated/operations';

type Change = EmployeeChangedSubscription['employeeChanged'];

/** Follows a campaign's changes; `onChange` gets each one. Returns what stops following. */
export function followChanges(
  uri: string,
  campaignNumber: string,
  onChange: (change: Change) => void,
  onError: (error: unknown) => void,
  headers: Record<string, string> = {},
): () => void {
  const client = new ApolloClient({ link: new HttpLink({ uri, headers }), cache: new InMemoryCache() });
  const subscription = client.subscribe({ query: EmployeeChangedDocument, variables: { campaignNumber } }).subscribe({
    // Typed: `change.employee.status` is a string or null, `change.changedFields` a string array.
    next: ({ data, error }) => (data ? onChange(data.employeeChanged) : onError(error)),
    error: onError,
  });
  return () => {
    subscription.unsubscribe();
    client.stop();
  };
}

if (require.main === module) {
  const [campaignNumber = '17449821332893', uri = 'http://127.0.0.1:4000/graphql'] = process.argv.slice(2);
  process.stdout.write(`following campaign ${campaignNumber} (Ctrl-C to stop)\n`);
  followChanges(
    uri,
    campaignNumber,
    (change) =>
      process.stdout.write(
        `${change.employee.email}: ${change.previousStatus ?? '-'} -> ${change.employee.status} (${change.changedFields.join(', ')})\n`,
      ),
    (error) => {
      process.stderr.write(`example failed: ${String(error)}\n`);
      process.exit(1);
    },
  );
}
