/**
 * The one rule for the HTTP status of a GraphQL response (GraphQL over HTTP, docs/errors.md):
 * - an operation that was executed answers 200, whatever its errors, partial or total: each error's
 *   code is in the body, and a status cannot describe several fields' fates;
 * - a request refused before execution (parse, validation, variables, a static limit) answers its
 *   error's status from the code table (core/errors.ts; Apollo's own codes: 400) when the client
 *   accepts `application/graphql-response+json`, and 200 when it reads `application/json`, as the spec
 *   asks of that media type;
 * - a request that is not GraphQL over HTTP at all (no query, a body that is not JSON, a wrong method)
 *   keeps its 4xx: there is no GraphQL response to read;
 * - a rate limit's refusal is 429 (with Retry-After) to every client, even from within execution
 *   (sign-in attempts): it is about the traffic, not the document.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import Negotiator from 'negotiator';

const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json';
const JSON_MEDIA_TYPE = 'application/json';

/** The media type Apollo Server will answer in, negotiated the way it does. */
export function answersGraphQLResponseJson(accept: string | undefined): boolean {
  if (!accept) return false;
  return new Negotiator({ headers: { accept } }).mediaType([JSON_MEDIA_TYPE, GRAPHQL_RESPONSE_JSON]) === GRAPHQL_RESPONSE_JSON;
}

export interface AnsweredRequest {
  /** The body has `data` (even null): the operation ran. */
  executed: boolean;
  /** The client reads `application/graphql-response+json`. */
  graphQLResponseJson: boolean;
  /** The status the refusing error carries (core/errors.ts table, or Apollo's own). */
  errorStatus: number | undefined;
  /** Apollo's BAD_REQUEST: not a GraphQL-over-HTTP request at all. */
  malformed: boolean;
  /** A rate limit refused it: 429 and Retry-After for every client, executed or not. */
  rateLimited?: boolean;
}

export function responseStatus({ executed, graphQLResponseJson, errorStatus, malformed, rateLimited }: AnsweredRequest): number {
  if (rateLimited) return 429;
  if (executed) return 200;
  // A failure of the gateway itself, or no GraphQL request to answer: the status says so to everyone.
  if (malformed || (errorStatus ?? 0) >= 500) return errorStatus ?? 400;
  return graphQLResponseJson ? (errorStatus ?? 400) : 200;
}

export function httpStatusPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ request, response }) {
          if (response.body.kind !== 'single') return;
          const { singleResult } = response.body;
          response.http.status = responseStatus({
            executed: 'data' in singleResult,
            graphQLResponseJson: answersGraphQLResponseJson(request.http?.headers.get('accept')),
            errorStatus: response.http.status,
            malformed: singleResult.errors?.some((error) => error.extensions?.code === 'BAD_REQUEST') ?? false,
            rateLimited: singleResult.errors?.some((error) => error.extensions?.code === 'RATE_LIMITED') ?? false,
          });
        },
      };
    },
  };
}
