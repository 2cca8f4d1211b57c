/** The whole graph, built from every app's resolvers. One list to extend when an app is added. */
import path from 'node:path';
import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { AssetsResolver } from './apps/manage/assets.resolver';
import { UsersResolver } from './apps/manage/users.resolver';
import { CampaignsResolver } from './apps/recover/campaigns.resolver';
import { EmployeesResolver, RecoveryItemsResolver } from './apps/recover/employees.resolver';

export const SCHEMA_FILE = path.resolve(__dirname, '..', 'schema', 'schema.graphql');

export const resolvers = [
  UsersResolver,
  AssetsResolver,
  CampaignsResolver,
  EmployeesResolver,
  RecoveryItemsResolver,
] as const;

export function buildGatewaySchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers,
    validate: { skipMissingProperties: false, validationError: { target: false, value: false } },
  });
}
