/** The whole graph, built from every app's resolvers. One list to extend when an app is added. */
import path from 'node:path';
import { GraphQLObjectType, GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { AuthResolver } from './apps/auth/auth.resolver';
import { AssetsResolver } from './apps/manage/assets.resolver';
import { UsersResolver } from './apps/manage/users.resolver';
import { CampaignsResolver } from './apps/recover/campaigns.resolver';
import { EmployeesResolver, RecoveryItemsResolver } from './apps/recover/employees.resolver';
import { RecoveryMutationsResolver } from './apps/recover/recovery-mutations.resolver';
import { validateInput } from './core/validation/validate-input';

export const SCHEMA_FILE = path.resolve(__dirname, '..', 'schema', 'schema.graphql');

export const resolvers = [
  UsersResolver,
  AssetsResolver,
  CampaignsResolver,
  EmployeesResolver,
  RecoveryItemsResolver,
  RecoveryMutationsResolver,
  AuthResolver,
] as const;

export async function buildGatewaySchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers,
    // Every argument object goes through the one validator, before any resolver runs.
    validateFn: validateInput,
  });
  return describeRootTypes(schema);
}

/** type-graphql gives no way to describe the root types; Sandbox shows these first. */
function describeRootTypes(schema: GraphQLSchema): GraphQLSchema {
  const config = schema.toConfig();
  const describe = (type: GraphQLObjectType | null | undefined, description: string) =>
    type ? new GraphQLObjectType({ ...type.toConfig(), description }) : undefined;
  return new GraphQLSchema({
    ...config,
    types: config.types.filter((type) => type !== config.query && type !== config.mutation),
    query: describe(config.query, 'Reads from the Unduit API: Manage (users, assets) and Recover (campaigns, employees).'),
    mutation: describe(config.mutation, 'Writes to the Unduit API, validated before anything is sent; and signing in.'),
  });
}
