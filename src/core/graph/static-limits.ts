/**
 * The well-known static limits on a document, checked before execution and before any upstream call
 * (graphql-armor's validation rules; Apollo Server's own `parseOptions.maxTokens` for tokens, which
 * stops the lexer early, where graphql-armor's token plugin answers HTTP 500). Each refusal is a
 * GRAPHQL_VALIDATION_FAILED / GRAPHQL_PARSE_FAILED error naming its limit.
 */
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import type { GraphQLError, ValidationContext, ValidationRule } from 'graphql';

export interface StaticLimits {
  depth: number;
  aliases: number;
  directives: number;
  tokens: number;
}

/**
 * Defaults measured on the shipped operations (schema/operations): deepest 7 (the recovery report),
 * most aliases 5 (the inventory report), no directives, 639 tokens for all of them in one document;
 * the largest legitimate document, a bulk-add of 100 employees with 5 items each written inline,
 * has 15,723 tokens. A BI tool paging every asset page by alias needs 53 aliases; its deepest natural
 * query (campaigns -> employees -> items -> asset -> holder -> their assets -> holder) is 10 deep.
 */
export const DEFAULT_STATIC_LIMITS: StaticLimits = { depth: 15, aliases: 100, directives: 20, tokens: 20_000 };

/** graphql-armor throws by default (an internal error, HTTP 500): report into the validation instead. */
const report = (context: ValidationContext | null, error: GraphQLError) => context?.reportError(error);
const asValidationError = { propagateOnRejection: false, onReject: [report] };

export function staticLimitRules(limits: StaticLimits): ValidationRule[] {
  return [
    maxDepthRule({ n: limits.depth, ...asValidationError }),
    maxAliasesRule({ n: limits.aliases, ...asValidationError }),
    maxDirectivesRule({ n: limits.directives, ...asValidationError }),
  ] as unknown as ValidationRule[];
}
