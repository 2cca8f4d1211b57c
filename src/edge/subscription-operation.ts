/**
 * What every subscription transport checks before running a document: it parses, passes graphql's
 * rules and the gateway's static limits (depth, aliases, directives), and is a subscription: queries
 * and mutations keep their one way in (POST /graphql, with its cost check, idempotency and logs).
 */
import {
  GraphQLError,
  Kind,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import type { GatewayContext } from '../context';
import { ErrorCode, persistedQueryNotAllowed } from '../core/errors';
import { staticLimitRules, type StaticLimits } from '../core/graph/static-limits';
import { trustedDocumentFor, type Manifest } from '../security/trusted-documents';

export interface SubscriptionRequest {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
  extensions?: Record<string, unknown> | null;
}

export interface SubscriptionArgs {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName?: string;
  variableValues?: Record<string, unknown>;
  contextValue: GatewayContext;
}

/** What a transport asks of each subscription request: the execution of it as `context()`'s caller, or why not. */
export type SubscriptionCheck = ReturnType<typeof subscriptionChecker>;

/** `trusted`: with GATEWAY_TRUSTED_DOCUMENTS, only its documents run here too (named as over HTTP). */
export function subscriptionChecker(schema: GraphQLSchema, limits: StaticLimits, trusted?: Manifest) {
  const rules = [...specifiedRules, ...staticLimitRules(limits)];
  /** The execution of `request` as `context()`'s caller, or why not. */
  return (request: SubscriptionRequest, context: () => GatewayContext): SubscriptionArgs | readonly GraphQLError[] => {
    const text = trusted ? trustedDocumentFor(trusted, request as unknown as Record<string, unknown>) : request.query;
    if (text === undefined) return [persistedQueryNotAllowed()];
    let document: DocumentNode;
    try {
      document = parse(text);
    } catch (error) {
      return [error as GraphQLError];
    }
    const errors = validate(schema, document, rules);
    if (errors.length) return errors;
    const operation = document.definitions.find(
      (definition): definition is OperationDefinitionNode =>
        definition.kind === Kind.OPERATION_DEFINITION && (!request.operationName || definition.name?.value === request.operationName),
    );
    if (operation?.operation !== 'subscription') {
      return [
        new GraphQLError('Only subscriptions are served here; send queries and mutations to POST /graphql as JSON', {
          extensions: { code: ErrorCode.BAD_REQUEST },
        }),
      ];
    }
    return {
      schema,
      document,
      operationName: request.operationName ?? undefined,
      variableValues: request.variables ?? undefined,
      contextValue: context(),
    };
  };
}

/** A result as a client may see it: errors with their message, path and code, never the gateway's own HTTP hints. */
export function publicResult(result: ExecutionResult | { errors: readonly GraphQLError[] }): object {
  if (!result.errors) return result;
  const errors = result.errors.map((error) => {
    const { http: _http, ...extensions } = (error.extensions ?? {}) as Record<string, unknown>;
    return { message: error.message, ...(error.path && { path: error.path }), extensions };
  });
  return { ...result, errors };
}
