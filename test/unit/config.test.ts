import { loadConfig } from '../../src/config';

describe('loadConfig', () => {
  it('has working defaults: the embedded simulator on 127.0.0.1:4000', () => {
    expect(loadConfig({})).toMatchObject({
      host: '127.0.0.1',
      port: 4000,
      upstreamBaseUrl: undefined,
      serviceAccount: undefined,
      upstreamTimeoutMs: 10_000,
      upstreamMaxConcurrency: 64,
      maxQueryCost: 1_000,
      dedupe: true,
      introspection: true,
      logLevel: 'info',
    });
  });

  it('has the traffic policy of core/traffic by default, each setting overridable', () => {
    expect(loadConfig({}).traffic).toEqual({
      retries: 4,
      retryBudgetRatio: 0.2,
      maxInFlight: 128,
      breakerFailures: 5,
      breakerHalfOpenMs: 1_000,
      deadlineMs: 30_000,
      maxCallsPerOperation: 300,
    });
    expect(
      loadConfig({
        UPSTREAM_RETRIES: '0',
        UPSTREAM_RETRY_BUDGET_PERCENT: '50',
        UPSTREAM_MAX_IN_FLIGHT: '8',
        UPSTREAM_BREAKER_FAILURES: '2',
        UPSTREAM_BREAKER_HALF_OPEN_MS: '250',
        GATEWAY_DEADLINE_MS: '5000',
        MAX_UPSTREAM_CALLS: '50',
      }).traffic,
    ).toEqual({
      retries: 0,
      retryBudgetRatio: 0.5,
      maxInFlight: 8,
      breakerFailures: 2,
      breakerHalfOpenMs: 250,
      deadlineMs: 5_000,
      maxCallsPerOperation: 50,
    });
    expect(
      loadConfig({ MAX_QUERY_DEPTH: '8', MAX_QUERY_ALIASES: '10', MAX_QUERY_DIRECTIVES: '0', MAX_QUERY_TOKENS: '5000' }).staticLimits,
    ).toEqual({
      depth: 8,
      aliases: 10,
      directives: 0,
      tokens: 5_000,
    });
    expect(loadConfig({ CACHE_STALE_IF_ERROR_S: '0' }).cache.staleIfErrorMs).toBe(0);
  });

  it('reads API keys with their own limits, allows local dev origins outside production only', () => {
    expect(
      loadConfig({ GATEWAY_API_KEYS: 'a-key-of-16-chars-x, backend-key-0123456789:6000', GATEWAY_ALLOW_ANONYMOUS: 'true' }).apiKeys,
    ).toEqual([{ key: 'a-key-of-16-chars-x' }, { key: 'backend-key-0123456789', requestsPerMinute: 6000 }]);
    expect(() => loadConfig({ GATEWAY_API_KEYS: 'short:10' })).toThrow(/at least 16 characters/);
    expect(loadConfig({}).corsOrigins).toEqual(['http://localhost:*', 'http://127.0.0.1:*']);
    expect(loadConfig({ NODE_ENV: 'production', UNDUIT_BASE_URL: 'https://api.example' }).corsOrigins).toEqual([]);
    expect(loadConfig({ GATEWAY_CORS_ORIGINS: 'https://app.example.com' }).corsOrigins).toEqual(['https://app.example.com']);
  });

  it.each([
    ['UNDUIT_BASEURL', 'UNDUIT_BASE_URL'],
    ['REDIS_URI', 'REDIS_URL'],
    ['CACHE_TTL_USER', 'CACHE_TTL_USERS'],
    ['RATE_LIMIT_REQUEST_PER_MINUTE', 'RATE_LIMIT_REQUESTS_PER_MINUTE'],
  ])('refuses the unknown variable %s, naming the closest known one (%s)', (typo, known) => {
    expect(() => loadConfig({ [typo]: 'x' })).toThrow(`${typo} is not a setting of the gateway; did you mean ${known}?`);
  });

  it("leaves other programs' variables alone (OpenTelemetry's, the shell's)", () => {
    expect(() => loadConfig({ OTEL_SERVICE_NAME: 'x', HOME: '/root', NODE_ENV: 'development', SIMULATOR_PORT: '0' })).not.toThrow();
  });

  it('prefixes Redis keys as told, refusing a prefix with spaces or glob characters', () => {
    expect(loadConfig({}).redisKeyPrefix).toBe('unduit-gateway:');
    expect(loadConfig({ REDIS_KEY_PREFIX: 'staging:' }).redisKeyPrefix).toBe('staging:');
    expect(() => loadConfig({ REDIS_KEY_PREFIX: 'a*b' })).toThrow(/REDIS_KEY_PREFIX/);
  });

  it('has generous rate limits by default, and trusts no proxy unless told', () => {
    expect(loadConfig({}).rateLimits).toEqual({
      requestsPerMinute: 1_200,
      loginsPerMinutePerAddress: 10,
      loginsPer15MinutesPerEmail: 10,
      wrongKeysPer15MinutesPerAddress: 20,
      tokenChecksPerMinutePerAddress: 120,
      persistedQueriesPerHourPerAddress: 200,
    });
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ GATEWAY_TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ GATEWAY_TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).trustProxy).toBe('10.0.0.0/8, 127.0.0.1');
    expect(loadConfig({ GATEWAY_TRUST_PROXY: 'loopback' }).trustProxy).toBe('loopback');
    expect(loadConfig({}).metricsPort).toBeUndefined();
    expect(loadConfig({ METRICS_PORT: '9464' }).metricsPort).toBe(9464);
    expect(loadConfig({ SHUTDOWN_DELAY_MS: '5000' }).shutdownDelayMs).toBe(5_000);
    expect(loadConfig({}).heapGrowthPercent).toBe(50);
    expect(loadConfig({ GATEWAY_HEAP_GROWTH_PERCENT: '0' }).heapGrowthPercent).toBe(0);
    expect(() => loadConfig({ GATEWAY_HEAP_GROWTH_PERCENT: '-5' })).toThrow(/GATEWAY_HEAP_GROWTH_PERCENT/);
  });

  it('allows no cross-origin callers in production unless listed', () => {
    expect(loadConfig({ NODE_ENV: 'production', UNDUIT_BASE_URL: 'https://api.example' }).corsOrigins).toEqual([]);
    expect(loadConfig({ GATEWAY_CORS_ORIGINS: 'https://app.example.com, http://localhost:5173' }).corsOrigins).toEqual([
      'https://app.example.com',
      'http://localhost:5173',
    ]);
  });

  it('keeps /metrics off the API port in production unless asked', () => {
    expect(loadConfig({}).publicMetrics).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production', UNDUIT_BASE_URL: 'https://api.example' }).publicMetrics).toBe(false);
    expect(
      loadConfig({ NODE_ENV: 'production', UNDUIT_BASE_URL: 'https://api.example', GATEWAY_PUBLIC_METRICS: 'true' }).publicMetrics,
    ).toBe(true);
  });

  it('in production, requires UNDUIT_BASE_URL: the simulator never starts by itself', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/UNDUIT_BASE_URL is required with NODE_ENV=production/);
    expect(loadConfig({}).upstreamBaseUrl).toBeUndefined();
  });

  it('turns introspection off in production unless asked', () => {
    expect(loadConfig({ NODE_ENV: 'production', UNDUIT_BASE_URL: 'https://api.example' }).introspection).toBe(false);
    expect(
      loadConfig({ NODE_ENV: 'production', UNDUIT_BASE_URL: 'https://api.example', GATEWAY_INTROSPECTION: 'true' }).introspection,
    ).toBe(true);
  });

  it('reads the upstream and the service account', () => {
    const env = { UNDUIT_BASE_URL: 'https://dev-api.unduit.com/api/v1/', UNDUIT_EMAIL: 'a@b.c', UNDUIT_PASSWORD: 'p' };
    expect(loadConfig({ ...env, GATEWAY_API_KEYS: 'key-one-0123456789, key-two-0123456789' })).toMatchObject({
      upstreamBaseUrl: 'https://dev-api.unduit.com/api/v1',
      serviceAccount: { email: 'a@b.c', password: 'p' },
      apiKeys: [{ key: 'key-one-0123456789' }, { key: 'key-two-0123456789' }],
      allowAnonymous: false,
    });
    expect(loadConfig({ ...env, GATEWAY_ALLOW_ANONYMOUS: 'true' }).allowAnonymous).toBe(true);
  });

  it('has cache TTLs per endpoint, 0 turning one off', () => {
    expect(loadConfig({ CACHE_TTL_CAMPAIGN_DETAILS: '0', CACHE_MAX_MB: '8' }).cache).toEqual({
      ttlMs: {
        'GET /users': 60_000,
        'GET /assets': 60_000,
        'GET /recover/campaigns': 30_000,
        'GET /recover/employees/details/:campaign_number': 0,
      },
      maxBytes: 8 * 1024 * 1024,
      staleIfErrorMs: 300_000,
    });
  });

  it.each([
    [{ PORT: 'eighty' }, /^PORT must be a whole number/],
    [{ PORT: '70000' }, /^PORT/],
    [{ UPSTREAM_TIMEOUT_MS: '5' }, /^UPSTREAM_TIMEOUT_MS/],
    [{ UPSTREAM_MAX_CONCURRENCY: '0' }, /^UPSTREAM_MAX_CONCURRENCY/],
    [{ GATEWAY_DEDUPE: 'maybe' }, /^GATEWAY_DEDUPE must be true or false/],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL must be one of/],
    [{ UNDUIT_BASE_URL: 'dev-api.unduit.com' }, /^UNDUIT_BASE_URL must be an absolute/],
    [{ UNDUIT_BASE_URL: 'ftp://dev-api.unduit.com' }, /^UNDUIT_BASE_URL must use http/],
    [{ UNDUIT_EMAIL: 'a@b.c' }, /^UNDUIT_EMAIL and UNDUIT_PASSWORD must be set together/],
    [
      { UNDUIT_BASE_URL: 'https://x.example', UNDUIT_EMAIL: 'a@b.c', UNDUIT_PASSWORD: 'p' },
      /GATEWAY_API_KEYS is empty: anyone reaching the gateway would act as that account/,
    ],
    [{ GATEWAY_API_KEYS: 'short' }, /^GATEWAY_API_KEYS: every key must be at least 16 characters/],
    [{ CACHE_TTL_USERS: '-1' }, /^CACHE_TTL_USERS/],
    [{ UPSTREAM_RETRIES: '11' }, /^UPSTREAM_RETRIES/],
    [{ UPSTREAM_MAX_IN_FLIGHT: '300' }, /^UPSTREAM_MAX_IN_FLIGHT/],
    [{ UPSTREAM_RETRY_BUDGET_PERCENT: '150' }, /^UPSTREAM_RETRY_BUDGET_PERCENT/],
    [{ GATEWAY_DEADLINE_MS: '0' }, /^GATEWAY_DEADLINE_MS/],
    [{ CACHE_STALE_IF_ERROR_S: 'soon' }, /^CACHE_STALE_IF_ERROR_S/],
    [{ GATEWAY_TRUST_PROXY: 'everyone' }, /^GATEWAY_TRUST_PROXY/],
    [{ RATE_LIMIT_REQUESTS_PER_MINUTE: '0' }, /^RATE_LIMIT_REQUESTS_PER_MINUTE/],
  ])('refuses %p with a message naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('never echoes the password', () => {
    expect(() => loadConfig({ UNDUIT_PASSWORD: 's3cret-value' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('s3cret') }),
    );
  });
});
