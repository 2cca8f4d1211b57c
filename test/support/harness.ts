/**
 * Starts the real simulator and the real gateway on free ports and sends GraphQL over HTTP, the way
 * a frontend does: typed documents from schema/generated, `content-type: application/json`.
 */
import 'reflect-metadata';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type GraphQLFormattedError } from 'graphql';
import fetch from 'node-fetch';
import { createLogger } from '../../src/core/logger';
import { createGateway, type Gateway, type GatewayOptions } from '../../src/server';
import { UnduitSimulator, type SimulatorOptions } from '../../src/simulator/server';
import { byName, type Companies } from './companies';

export interface GraphQLResponse<T> {
  status: number;
  data?: T | null;
  errors?: GraphQLFormattedError[];
  extensions?: { upstream?: { requests: number; ms: number } };
}

export interface Harness {
  simulator: UnduitSimulator;
  /** Every line the gateway logged, at debug level and above. */
  logLines: string[];
  gateway: Gateway;
  endpoint: string;
  /** A valid token of company 317 (the bigger one) and of company 318. */
  tokens: { fairway: string; northwind: string };
  /** The running simulator's companies (writes show up in them). */
  companies: Companies;
  /** Forgets the simulator's request log and injected faults, between tests. */
  reset(): void;
  request<T, V>(document: TypedDocumentNode<T, V>, variables?: V, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
  /** Sends any query text; for documents that are meant to be wrong. */
  raw<T = Record<string, unknown>>(
    query: string,
    variables?: unknown,
    headers?: Record<string, string>,
    operationName?: string,
  ): Promise<GraphQLResponse<T>>;
  stop(): Promise<void>;
}

export async function startHarness(
  options: {
    simulator?: SimulatorOptions;
    gateway?: Partial<Omit<GatewayOptions, 'upstreamBaseUrl'>>;
    /** Puts something between the gateway and the simulator (a misbehaving stand-in): its base URL. */
    upstreamInFront?: (simulatorBaseUrl: string) => Promise<string>;
  } = {},
): Promise<Harness> {
  const simulator = new UnduitSimulator(options.simulator);
  const simulatorBaseUrl = await simulator.listen(0);
  const upstreamBaseUrl = options.upstreamInFront ? await options.upstreamInFront(simulatorBaseUrl) : simulatorBaseUrl;
  const logLines: string[] = [];
  const gateway = await createGateway({
    upstreamBaseUrl,
    upstreamTimeoutMs: 2_000,
    upstreamMaxConcurrency: 8,
    dedupe: true,
    introspection: true,
    // The suites send thousands of requests from one address: rate limits are proven in their own test.
    rateLimits: {
      requestsPerMinute: 1e9,
      loginsPerMinutePerAddress: 1e9,
      loginsPer15MinutesPerEmail: 1e9,
      wrongKeysPer15MinutesPerAddress: 1e9,
      tokenChecksPerMinutePerAddress: 1e9,
      persistedQueriesPerHourPerAddress: 1e9,
    },
    logger: createLogger('debug', { write: (line: string) => void logLines.push(line) }),
    ...options.gateway,
  });
  const endpoint = await gateway.listen(0, '127.0.0.1');
  const tokens = { fairway: simulator.tokenFor(317), northwind: simulator.tokenFor(318) };

  const raw = async <T>(query: string, variables?: unknown, headers: Record<string, string> = {}, operationName?: string) => {
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables, operationName }),
    });
    const body = (await response.json()) as Omit<GraphQLResponse<T>, 'status'>;
    return { status: response.status, ...body };
  };

  return {
    simulator,
    logLines,
    gateway,
    endpoint,
    tokens,
    companies: byName(simulator.companies),
    reset: () => {
      simulator.clearLog();
      simulator.clearFaults();
    },
    raw,
    request: (document, variables, headers) => raw(print(document), variables, headers ?? { authorization: `Bearer ${tokens.fairway}` }),
    stop: async () => {
      await gateway.stop();
      await simulator.stop();
    },
  };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
