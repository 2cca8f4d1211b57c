import { ErrorCode, nullIfNotFound, UpstreamError, type UpstreamFailure } from '../../src/core/errors';
import { buildUpstreamHeaders, buildUpstreamUrl } from '../../src/core/http/upstream-request';

describe('UpstreamError: one mapping from upstream failures to codes', () => {
  it.each<[Partial<UpstreamFailure>, ErrorCode]>([
    [{ kind: 'status', status: 400 }, ErrorCode.BAD_USER_INPUT],
    [{ kind: 'status', status: 401 }, ErrorCode.UNAUTHENTICATED],
    [{ kind: 'status', status: 403 }, ErrorCode.UNAUTHENTICATED],
    [{ kind: 'status', status: 404 }, ErrorCode.NOT_FOUND],
    [{ kind: 'status', status: 409 }, ErrorCode.CONFLICT],
    [{ kind: 'status', status: 422 }, ErrorCode.BAD_USER_INPUT],
    [{ kind: 'status', status: 429 }, ErrorCode.UPSTREAM_ERROR],
    [{ kind: 'status', status: 500 }, ErrorCode.UPSTREAM_ERROR],
    [{ kind: 'status', status: 504 }, ErrorCode.UPSTREAM_ERROR],
    [{ kind: 'timeout' }, ErrorCode.UPSTREAM_TIMEOUT],
    [{ kind: 'network' }, ErrorCode.UPSTREAM_ERROR],
  ])('%p -> %s', (failure, code) => {
    const error = new UpstreamError({ endpoint: 'GET /users', ...failure } as UpstreamFailure);
    expect(error.extensions).toMatchObject({ code, upstream: { endpoint: 'GET /users', status: failure.status ?? null } });
    expect(error.message).toContain('GET /users');
  });

  it("carries the upstream's message", () => {
    const error = new UpstreamError({
      endpoint: 'POST /auth/login',
      kind: 'status',
      status: 401,
      upstreamMessage: 'Invalid email or password',
    });
    expect(error.message).toBe('The Unduit API answered POST /auth/login with HTTP 401: Invalid email or password');
  });

  it('nullIfNotFound turns only a 404 into null', async () => {
    const notFound = new UpstreamError({ endpoint: 'GET /x', kind: 'status', status: 404 });
    const serverError = new UpstreamError({ endpoint: 'GET /x', kind: 'status', status: 500 });
    await expect(nullIfNotFound(Promise.reject(notFound))).resolves.toBeNull();
    await expect(nullIfNotFound(Promise.reject(serverError))).rejects.toBe(serverError);
    await expect(nullIfNotFound(Promise.resolve(1))).resolves.toBe(1);
  });
});

describe('buildUpstreamUrl: equal requests build equal URLs', () => {
  it.each([
    [{ path: '/users', query: { page: 1 } }, 'https://api.example/api/v1/users?page=1'],
    [{ path: '/users', query: { page: 1, email: null } }, 'https://api.example/api/v1/users?page=1'],
    [{ path: '/users', query: { page: 1, email: '' } }, 'https://api.example/api/v1/users?page=1'],
    [
      { path: '/assets', query: { serialNumber: 'A B', page: 2, assetId: 'x&y' } },
      'https://api.example/api/v1/assets?assetId=x%26y&page=2&serialNumber=A+B',
    ],
    [{ path: '/recover/campaigns' }, 'https://api.example/api/v1/recover/campaigns'],
  ])('%p', (request, expected) => {
    expect(buildUpstreamUrl('https://api.example/api/v1/', request)).toBe(expected);
  });

  it('sends the bearer token only when there is one, and a content type only with a body', () => {
    const always = { accept: 'application/json', 'accept-encoding': 'gzip, deflate, br' };
    expect(buildUpstreamHeaders(undefined, false)).toEqual(always);
    expect(buildUpstreamHeaders('t0k', true)).toEqual({
      ...always,
      'content-type': 'application/json',
      authorization: 'Bearer t0k',
    });
  });
});
