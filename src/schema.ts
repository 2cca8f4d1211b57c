/** The whole graph, built from the resolvers of every app in `apps/index.ts`. */
import path from 'node:path';
import { GraphQLObjectType, GraphQLSchema } from 'graphql';
import { buildSchema, type NonEmptyArray } from 'type-graphql';
import { apps as defaultApps } from './apps';
import type { UnduitApp } from './core/app';
import { validateInput } from './core/validation/validate-input';

export const SCHEMA_FILE = path.resolve(__dirname, '..', 'schema', 'schema.graphql');

export async function buildGatewaySchema(apps: ReadonlyArray<UnduitApp> = defaultApps): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: apps.flatMap((app) => app.resolvers) as unknown as NonEmptyArray<Function>,
    // Every argument object goes through the one validator, before any resolver runs.
    validateFn: validateInput,
    // type-graphql insists on a PubSub once a subscription exists; ours bring their own `subscribe` (core/live/pollers.ts).
    pubSub: {
      publish: () => undefined,
      subscribe: () => {
        throw new Error('every subscription of this schema has its own subscribe function');
      },
    },
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
    types: config.types.filter((type) => type !== config.query && type !== config.mutation && type !== config.subscription),
    query: describe(config.query, 'Reads from the Unduit API: Manage (users, assets) and Recover (campaigns, employees).'),
    mutation: describe(config.mutation, 'Writes to the Unduit API, validated before anything is sent; and signing in.'),
    subscription: describe(
      config.subscription,
      'Live changes, polled from the Unduit API once for every subscriber (WebSocket, graphql-transport-ws, on /graphql).',
    ),
  });
}
