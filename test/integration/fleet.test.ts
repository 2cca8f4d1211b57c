/**
 * Two replicas (real processes of the compiled gateway) sharing one real redis-server, in front of one
 * simulator, as an operator runs a fleet: what one replica learned or wrote, the other knows.
 */
import { createHash } from 'node:crypto';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import jwt from 'jsonwebtoken';
import fetch from 'node-fetch';
import {
  AddRecoveryEmployeeDocument,
  CampaignDetailsDocument,
  UsersPageDocument,
  type RecoveryEmployeeInput,
} from '../../schema/generated/operations';
import { UnduitSimulator } from '../../src/simulator/server';
import { byName, type Companies } from '../support/companies';
import { usEmployee } from '../fixtures/recovery-input';
import { startGatewayProcess } from '../support/gateway-process';
import { startRedisServer, type RedisServer } from '../support/redis-server';
import { callLines, writesIn } from '../support/request-log';

type Replica = Awaited<ReturnType<typeof startGatewayProcess>>;
interface Answer {
  status: number;
  data?: any;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
  extensions?: { upstream?: { requests: number; cacheHits: number } };
}

let simulator: UnduitSimulator;
let redis: RedisServer;
let a: Replica;
let b: Replica;
let companies: Companies;
let token: string;

beforeAll(async () => {
  simulator = new UnduitSimulator();
  const upstream = await simulator.listen(0);
  redis = await startRedisServer();
  const env = { UNDUIT_BASE_URL: upstream, REDIS_URL: redis.url, PORT: '0', RATE_LIMIT_REQUESTS_PER_MINUTE: '10000000', LOG_LEVEL: 'info' };
  [a, b] = await Promise.all([startGatewayProcess(env), startGatewayProcess(env)]);
  companies = byName(simulator.companies);
  token = simulator.tokenFor(317);
}, 30_000);
afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await redis?.stop();
  await simulator?.stop();
});
beforeEach(() => simulator.clearLog());

async function post(replica: Replica, body: object, bearer = token): Promise<Answer> {
  const response = await fetch(replica.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
    body: JSON.stringify(body),
  });
  return { status: response.status, ...((await response.json()) as object) };
}

function ask<T, V>(replica: Replica, document: TypedDocumentNode<T, V>, variables: V, bearer = token): Promise<Answer> {
  return post(replica, { query: print(document), variables }, bearer);
}

const addEmployee = (campaignNumber: string, email: string, idempotencyKey?: string) => ({
  input: { campaignNumber, idempotencyKey, employee: usEmployee({ email }) as RecoveryEmployeeInput },
});

describe('a fleet of two replicas on one Redis', () => {
  it('a write repeated through the other replica with its idempotencyKey is replayed, not sent again', async () => {
    const campaign = companies.fairway.campaigns[0].number;
    const first = await ask(a, AddRecoveryEmployeeDocument, addEmployee(campaign, 'fleet.replay@fairway.example', 'fleet-key-1'));
    const repeat = await ask(b, AddRecoveryEmployeeDocument, addEmployee(campaign, 'fleet.replay@fairway.example', 'fleet-key-1'));
    expect(first.data.addRecoveryEmployee).toMatchObject({ replayed: false });
    expect(repeat.data.addRecoveryEmployee).toEqual({ ...first.data.addRecoveryEmployee, replayed: true });
    expect(writesIn(simulator.requestLog)).toHaveLength(1);
  });

  it('the same key sent to both replicas at once makes one POST; both answer its recovery code', async () => {
    const campaign = companies.fairway.campaigns[1].number;
    simulator.latencyMs = 200; // both requests arrive while the first write is still in flight
    try {
      const answers = await Promise.all(
        [a, b].map((replica) =>
          ask(replica, AddRecoveryEmployeeDocument, addEmployee(campaign, 'fleet.race@fairway.example', 'fleet-key-2')),
        ),
      );
      const payloads = answers.map((answer) => answer.data.addRecoveryEmployee);
      expect(payloads[0].recoveryCode).toBe(payloads[1].recoveryCode);
      expect(payloads.map((payload) => payload.replayed).sort()).toEqual([false, true]);
      expect(writesIn(simulator.requestLog)).toHaveLength(1);
    } finally {
      simulator.latencyMs = 0;
    }
  });

  it('reads through one replica see a write through the other at once (no stale cache)', async () => {
    const campaign = companies.fairway.campaigns[2].number;
    const before = await ask(b, CampaignDetailsDocument, { campaignNumber: campaign, limit: 100 });
    const cached = await ask(b, CampaignDetailsDocument, { campaignNumber: campaign, limit: 100 });
    expect(cached.extensions?.upstream).toMatchObject({ requests: 0 });
    const added = await ask(a, AddRecoveryEmployeeDocument, addEmployee(campaign, 'fleet.ryw@fairway.example'));
    expect(added.errors).toBeUndefined();
    const after = await ask(b, CampaignDetailsDocument, { campaignNumber: campaign, limit: 100 });
    expect(after.data.campaign.totalEmployeeCount).toBe(before.data.campaign.totalEmployeeCount + 1);
  });

  it("the cache is shared: the other replica's first read of a page is a hit", async () => {
    const first = await ask(a, UsersPageDocument, { page: 4 });
    const second = await ask(b, UsersPageDocument, { page: 4 });
    expect(first.extensions?.upstream).toMatchObject({ requests: 1, cacheHits: 0 });
    expect(second.extensions?.upstream).toMatchObject({ requests: 0, cacheHits: 1 });
    expect(second.data).toEqual(first.data);
    expect(callLines(simulator.requestLog)).toEqual(['GET /users 200']);
  });

  it("a forged token gets nothing of what another principal's reads put in Redis", async () => {
    await ask(a, UsersPageDocument, { page: 6 });
    simulator.clearLog();
    const forged = jwt.sign({ id: 2, email: 'jane.smith@example.com', company_id: 317 }, 'guessed-secret', { expiresIn: 3600 });
    const answer = await ask(b, UsersPageDocument, { page: 6 }, forged);
    expect(answer.data).toBeNull();
    expect(answer.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(callLines(simulator.requestLog)).toEqual(['GET /users 401']);
    // ... and the refusal is known fleet-wide: the first replica refuses it without asking.
    const again = await ask(a, UsersPageDocument, { page: 6 }, forged);
    expect(again.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(simulator.requestLog).toHaveLength(1);
  });

  it('a persisted query registered on one replica runs by its hash alone on the other', async () => {
    const query = '{ users(page: 2) { pageInfo { totalCount } } }';
    const persistedQuery = { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') };
    const registered = await post(a, { query, extensions: { persistedQuery } });
    expect(registered.errors).toBeUndefined();
    const byHash = await post(b, { extensions: { persistedQuery } });
    expect(byHash).toMatchObject({ status: 200, data: { users: { pageInfo: { totalCount: companies.fairway.users.length } } } });
  });

  it('without Redis reads go on, keyed writes are refused unsent and readiness says degraded; all recover when it returns', async () => {
    const campaign = companies.fairway.campaigns[3].number;
    await redis.stop();
    try {
      // The replica learns of the outage from its next command (readiness asks Redis each time).
      await until(a, (answer) => answer.status === 503);
      await expect(readiness(a)).resolves.toMatchObject({ status: 503, body: { status: 'degraded', checks: { redis: 'unreachable' } } });
      const read = await ask(a, UsersPageDocument, { page: 7 });
      expect(read.errors).toBeUndefined();
      expect(read.data.users.items).toHaveLength(10);
      const keyed = await ask(b, AddRecoveryEmployeeDocument, addEmployee(campaign, 'fleet.outage@fairway.example', 'fleet-key-3'));
      expect(keyed.errors?.[0].extensions).toMatchObject({ code: 'IDEMPOTENCY_UNAVAILABLE', retryAfter: 5 });
      expect(writesIn(simulator.requestLog)).toHaveLength(0);
    } finally {
      await redis.start();
    }
    await until(a, (answer) => answer.status === 200);
    await until(b, (answer) => answer.status === 200);
    const keyed = await ask(b, AddRecoveryEmployeeDocument, addEmployee(campaign, 'fleet.outage@fairway.example', 'fleet-key-3'));
    expect(keyed.data.addRecoveryEmployee).toMatchObject({ replayed: false });
    const replay = await ask(a, AddRecoveryEmployeeDocument, addEmployee(campaign, 'fleet.outage@fairway.example', 'fleet-key-3'));
    expect(replay.data.addRecoveryEmployee).toMatchObject({ replayed: true, recoveryCode: keyed.data.addRecoveryEmployee.recoveryCode });
    expect(writesIn(simulator.requestLog)).toHaveLength(1);
    const scrape = await (await fetch(new URL('/metrics', b.endpoint).toString())).text();
    expect(Number(/^gateway_redis_errors_total (\d+)/m.exec(scrape)?.[1])).toBeGreaterThanOrEqual(1);
    // One line when the outage starts, one when it ends, however many commands failed in between.
    expect(a.output().match(/Redis is unreachable/g)).toHaveLength(1);
    expect(a.output().match(/Redis is reachable again/g)).toHaveLength(1);
  });
});

async function readiness(replica: Replica): Promise<{ status: number; body: any }> {
  const response = await fetch(new URL('/readyz', replica.endpoint).toString());
  return { status: response.status, body: await response.json() };
}

/** Polls readiness until `done` (a reconnection takes ioredis up to 2 s), or fails after 10 s. */
async function until(
  replica: Replica,
  done: (answer: { status: number; body: any }) => boolean,
  deadline = Date.now() + 10_000,
): Promise<void> {
  while (!done(await readiness(replica))) {
    if (Date.now() > deadline) throw new Error('readiness did not change within 10 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
