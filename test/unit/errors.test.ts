/** The closed error set: each constructor's code and status come from the one table; masking. */
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import {
  badUserInput,
  conflict,
  ErrorCode,
  HTTP_STATUS,
  notFound,
  queryTooComplex,
  unauthenticated,
  upstreamContractBroken,
  UpstreamError,
  type GatewayError,
} from '../../src/core/errors';
import { createLogger } from '../../src/core/logger';
import { maskUnexpectedError } from '../../src/plugins';
import { answersGraphQLResponseJson, responseStatus } from '../../src/plugins/http-status';

describe('one constructor per code, its status from the table', () => {
  it.each<[string, GatewayError, ErrorCode]>([
    ['unauthenticated', unauthenticated('x'), ErrorCode.UNAUTHENTICATED],
    ['notFound', notFound('x'), ErrorCode.NOT_FOUND],
    ['conflict', conflict('x'), ErrorCode.CONFLICT],
    ['badUserInput', badUserInput('x', [{ path: 'a', message: 'b' }]), ErrorCode.BAD_USER_INPUT],
    ['queryTooComplex', queryTooComplex(30_000, 20_000), ErrorCode.QUERY_TOO_COMPLEX],
    ['upstreamContractBroken', upstreamContractBroken('GET /users', 'lists nothing'), ErrorCode.UPSTREAM_ERROR],
    ['UpstreamError (504)', new UpstreamError({ endpoint: 'GET /users', kind: 'status', status: 504 }), ErrorCode.UPSTREAM_ERROR],
    ['UpstreamError (timeout)', new UpstreamError({ endpoint: 'GET /users', kind: 'timeout' }), ErrorCode.UPSTREAM_TIMEOUT],
  ])('%s', (_name, error, code) => {
    expect(error).toBeInstanceOf(GraphQLError);
    expect(error.extensions).toMatchObject({ code, http: { status: HTTP_STATUS[code] } });
  });

  it('a broken upstream contract names the endpoint, never a URL', () => {
    const error = upstreamContractBroken('GET /users', 'its body is not the documented JSON object');
    expect(error.message).toBe('The Unduit API answered GET /users but its body is not the documented JSON object');
    expect(error.extensions.upstream).toEqual({ endpoint: 'GET /users', status: null });
  });

  it('a failed write keeps its code and says its outcome is unknown', () => {
    const error = new UpstreamError({ endpoint: 'POST /x', kind: 'status', status: 503 }).withUnknownOutcome('Check first.');
    expect(error.extensions).toMatchObject({ code: 'UPSTREAM_ERROR', outcome: 'UNKNOWN', upstream: { endpoint: 'POST /x', status: 503 } });
    expect(error.message).toMatch(/HTTP 503\. Check first\.$/);
  });
});

describe('maskUnexpectedError: the one place the unexpected is masked', () => {
  const formatted = (error: GraphQLError): GraphQLFormattedError => error.toJSON();

  it('a thrown plain Error becomes INTERNAL_SERVER_ERROR with no message leak, and is logged with its stack', () => {
    const lines: string[] = [];
    const logger = createLogger('error', { write: (line: string) => void lines.push(line) });
    const bug = new GraphQLError('Cannot read properties of undefined (secret internals)', {
      originalError: new TypeError('secret internals'),
      path: ['users'],
    });
    const masked = maskUnexpectedError(formatted(bug), bug, logger);
    expect(masked).toEqual({
      message: 'Internal error in the gateway; it has been logged',
      path: ['users'],
      locations: undefined,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(lines.join('')).toContain('secret internals');
  });

  it('an error raised on purpose passes through with its code', () => {
    const logger = createLogger('silent');
    const error = new GraphQLError('wrapped', { originalError: notFound('No such campaign') });
    const passing = formatted(notFound('No such campaign'));
    expect(maskUnexpectedError(passing, error, logger)).toBe(passing);
  });
});

describe('the HTTP status rule', () => {
  it.each<[string, Parameters<typeof responseStatus>[0], number]>([
    ['executed, with errors, JSON', { executed: true, graphQLResponseJson: false, errorStatus: 401, malformed: false }, 200],
    [
      'executed, with errors, graphql-response+json',
      { executed: true, graphQLResponseJson: true, errorStatus: 409, malformed: false },
      200,
    ],
    [
      'refused before execution, graphql-response+json',
      { executed: false, graphQLResponseJson: true, errorStatus: 400, malformed: false },
      400,
    ],
    ['refused before execution, JSON', { executed: false, graphQLResponseJson: false, errorStatus: 400, malformed: false }, 200],
    ['not GraphQL over HTTP, JSON', { executed: false, graphQLResponseJson: false, errorStatus: 400, malformed: true }, 400],
    ['a failure of the gateway before execution', { executed: false, graphQLResponseJson: false, errorStatus: 500, malformed: false }, 500],
  ])('%s -> %i', (_name, answered, status) => {
    expect(responseStatus(answered)).toBe(status);
  });

  it.each<[string | undefined, boolean]>([
    [undefined, false],
    ['*/*', false],
    ['application/json', false],
    ['application/graphql-response+json', true],
    ['application/graphql-response+json, application/json;q=0.9', true],
    ['application/json, application/graphql-response+json', false],
  ])('Accept %p answers graphql-response+json: %p', (accept, expected) => {
    expect(answersGraphQLResponseJson(accept)).toBe(expected);
  });
});
