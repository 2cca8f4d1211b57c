/**
 * The closed set of error codes the gateway answers with, and one constructor per kind of failure.
 * Every error a client sees carries one of these in `extensions.code`; anything else is masked as
 * INTERNAL_SERVER_ERROR by `maskUnexpectedError` in server.ts.
 */
import { GraphQLError } from 'graphql';

export enum ErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  /** The query's estimated size is over MAX_QUERY_COST; refused before running. */
  QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX',
  UPSTREAM_ERROR = 'UPSTREAM_ERROR',
  UPSTREAM_TIMEOUT = 'UPSTREAM_TIMEOUT',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

/** What the gateway knows about a failed upstream call; never holds a token or a request body. */
export interface UpstreamFailure {
  /** The endpoint's name, e.g. `GET /users` (no query values, no host). */
  endpoint: string;
  /** HTTP status, absent for timeouts and network failures. */
  status?: number;
  /** The upstream's own `message`, when its body had one. */
  upstreamMessage?: string;
  kind: 'status' | 'timeout' | 'network' | 'invalid-body';
  /** The parsed error body, for mapping a 422's field messages; never sent to clients as is. */
  body?: unknown;
}

export interface FieldError {
  path: string;
  message: string;
}

export class GatewayError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { ...extensions, code } });
  }

  get code(): ErrorCode {
    return this.extensions.code as ErrorCode;
  }
}

export function unauthenticated(message: string): GatewayError {
  return new GatewayError(ErrorCode.UNAUTHENTICATED, message, { http: { status: 401 } });
}

export function badUserInput(message: string, fieldErrors: FieldError[] = []): GatewayError {
  return new GatewayError(ErrorCode.BAD_USER_INPUT, message, fieldErrors.length ? { fieldErrors } : {});
}

/** An upstream failure as a GraphQL error: the one place that maps statuses to codes. */
export class UpstreamError extends GatewayError {
  readonly failure: UpstreamFailure;

  constructor(failure: UpstreamFailure) {
    super(codeForFailure(failure), describeFailure(failure), {
      upstream: { endpoint: failure.endpoint, status: failure.status ?? null },
    });
    this.failure = failure;
  }
}

function codeForFailure({ kind, status }: UpstreamFailure): ErrorCode {
  if (kind === 'timeout') return ErrorCode.UPSTREAM_TIMEOUT;
  switch (status) {
    case 401:
    case 403:
      return ErrorCode.UNAUTHENTICATED;
    case 404:
      return ErrorCode.NOT_FOUND;
    case 409:
      return ErrorCode.CONFLICT;
    case 400:
    case 422:
      return ErrorCode.BAD_USER_INPUT;
    default:
      return ErrorCode.UPSTREAM_ERROR;
  }
}

function describeFailure({ kind, status, endpoint, upstreamMessage }: UpstreamFailure): string {
  const said = upstreamMessage ? `: ${upstreamMessage}` : '';
  switch (kind) {
    case 'timeout':
      return `The Unduit API did not answer ${endpoint} in time`;
    case 'network':
      return `The Unduit API could not be reached for ${endpoint}${said}`;
    case 'invalid-body':
      return `The Unduit API answered ${endpoint} with a body that is not the documented JSON`;
    default:
      return `The Unduit API answered ${endpoint} with HTTP ${status}${said}`;
  }
}

export function isUpstreamNotFound(error: unknown): boolean {
  return error instanceof UpstreamError && error.code === ErrorCode.NOT_FOUND;
}

/** For single-object queries whose contract is "null when the upstream says 404". */
export async function nullIfNotFound<T>(pending: Promise<T>): Promise<T | null> {
  try {
    return await pending;
  } catch (error) {
    if (isUpstreamNotFound(error)) return null;
    throw error;
  }
}
