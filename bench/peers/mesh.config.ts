/**
 * GraphQL Mesh's composition of the Unduit API for the peer benchmark (bench/peers.ts): the OpenAPI
 * source, the caller's bearer token passed on, and the relations our graph has (an employee's user, an
 * item's asset, an asset's holder) as Mesh links, each one upstream lookup by the documented filter.
 * Installed and run in a temporary folder; not part of the project's build.
 */
import { defineConfig } from '@graphql-mesh/compose-cli';
import { loadOpenAPISubgraph } from '@omnigraph/openapi';

export const composeConfig = defineConfig({
  subgraphs: [
    {
      sourceHandler: loadOpenAPISubgraph('Unduit', {
        source: './unduit.openapi.yaml',
        endpoint: process.env.UNDUIT_BASE_URL!,
        operationHeaders: { Authorization: '{context.headers.authorization}' },
      }),
    },
  ],
  additionalTypeDefs: /* GraphQL */ `
    extend type Employee {
      user: User
        @resolveTo(
          sourceName: "Unduit"
          sourceTypeName: "Query"
          sourceFieldName: "users"
          requiredSelectionSet: "{ email }"
          sourceArgs: { email: "{root.email}" }
          result: "users[0]"
        )
    }
    extend type RecoveryItem {
      asset: Asset
        @resolveTo(
          sourceName: "Unduit"
          sourceTypeName: "Query"
          sourceFieldName: "assets"
          requiredSelectionSet: "{ item_serial_no }"
          sourceArgs: { serialNumber: "{root.item_serial_no}" }
          result: "assets[0]"
        )
    }
    extend type Asset {
      holder: User
        @resolveTo(
          sourceName: "Unduit"
          sourceTypeName: "Query"
          sourceFieldName: "users"
          requiredSelectionSet: "{ AssignedUser { email } }"
          sourceArgs: { email: "{root.AssignedUser.email}" }
          result: "users[0]"
        )
    }
  `,
});
