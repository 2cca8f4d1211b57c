/**
 * `npm run bench:live`: what live updates cost as subscribers grow. The simulator moves a recovery
 * every 25 ms (`--pace`: it walks every employee of both companies, one step each, so the largest
 * campaign, a third of the caller's employees, moves about every 75 ms); a fresh simulator and gateway
 * (shared cache off, polls every second) for each of 1, 100 and 1,000 subscribers of that campaign, all one caller, over graphql-ws (ten sockets, the
 * subscriptions spread over them), each selecting the employee and its `user`. For each count, over
 * ten seconds: polls, events found, events delivered, upstream calls (the simulator's count), gateway
 * CPU (from /proc) per delivered event, and the gateway's peak RSS. Results to
 * bench/results/<date>-live.{json,md}. Flags: --latency MS (20), --subscribers 1,100,1000, --seconds 10.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createClient, type Client } from 'graphql-ws';
import fetch from 'node-fetch';
import WebSocket from 'ws';
import { upstreamCount } from './measure';
import { NO_CACHE, signIn, startGateway, startSimulator, type Child } from './processes';

const { values } = parseArgs({
  options: {
    latency: { type: 'string', default: '20' },
    subscribers: { type: 'string', default: '1,100,1000' },
    seconds: { type: 'string', default: '10' },
  },
});
const LATENCY_MS = Number(values.latency);
const COUNTS = values.subscribers!.split(',').map(Number);
const SECONDS = Number(values.seconds);
const SOCKETS = 10;
const PACE_MS = 25;

const SUBSCRIPTION = `subscription ($campaign: ID!) {
  employeeChanged(campaignNumber: $campaign) { changedFields previousStatus employee { email status user { email locationType } } }
}`;

interface LiveResult {
  subscribers: number;
  seconds: number;
  polls: number;
  eventsFound: number;
  eventsDelivered: number;
  inFlightAtEnd: number;
  /** Subscriptions the gateway ended during the window (none expected). */
  endedEarly: number;
  upstreamCalls: number;
  /** Reads of the campaign's details by the polls (the rest resolved the events' relations). */
  pollReads: number;
  /** Upstream calls over events found: the poll's share plus the relation lookups. */
  upstreamCallsPerEvent: number;
  cpuMs: number;
  cpuUsPerDelivered: number;
  peakRssMb: number;
}

async function largestCampaign(gateway: string): Promise<string> {
  const response = await fetch(gateway, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ campaigns(limit: 100) { items { campaignNumber totalEmployeeCount } } }' }),
  });
  const { data } = (await response.json()) as {
    data: { campaigns: { items: Array<{ campaignNumber: string; totalEmployeeCount: number }> } };
  };
  return [...data.campaigns.items].sort((a, b) => b.totalEmployeeCount - a.totalEmployeeCount)[0].campaignNumber;
}

/** A counter of the gateway's /metrics. */
async function counter(gateway: string, series: string): Promise<number> {
  const text = await (await fetch(gateway.replace('/graphql', '/metrics'))).text();
  return Number(
    text
      .split('\n')
      .find((line) => line.startsWith(`${series} `))
      ?.slice(series.length + 1) ?? 0,
  );
}

async function measured(subscribers: number, gateway: Child, simulatorUrl: string, campaign: string): Promise<LiveResult> {
  const sockets: Client[] = Array.from({ length: Math.min(SOCKETS, subscribers) }, () =>
    createClient({ url: gateway.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, lazy: false }),
  );
  let delivered = 0;
  let ended = 0;
  const stops = Array.from({ length: subscribers }, (_, index) =>
    sockets[index % sockets.length].subscribe(
      { query: SUBSCRIPTION, variables: { campaign } },
      {
        next: () => (delivered += 1),
        error: (error) => ((ended += 1), console.error('subscription error', error)),
        complete: () => (ended += 1),
      },
    ),
  );
  // Every subscription is in once the gauge says so (the poller's baseline read is done by then).
  while ((await counter(gateway.url, 'gateway_live_subscriptions{transport="websocket"}')) < subscribers)
    await new Promise((resolve) => setTimeout(resolve, 50));
  const [calls, cpu, polls, found, reads] = [
    await upstreamCount(simulatorUrl),
    gateway.cpuMs(),
    await counter(gateway.url, 'gateway_live_polls_total{outcome="ok"}'),
    await counter(gateway.url, 'gateway_live_events_total'),
    await counter(gateway.url, 'gateway_live_poll_reads_total'),
  ];
  delivered = 0;
  await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000));
  const result = {
    subscribers,
    seconds: SECONDS,
    polls: (await counter(gateway.url, 'gateway_live_polls_total{outcome="ok"}')) - polls,
    eventsFound: (await counter(gateway.url, 'gateway_live_events_total')) - found,
    eventsDelivered: delivered,
    // Past the window: what was found but still on its way (the gateway or this client behind).
    inFlightAtEnd: 0,
    endedEarly: ended,
    upstreamCalls: (await upstreamCount(simulatorUrl)) - calls,
    pollReads: (await counter(gateway.url, 'gateway_live_poll_reads_total')) - reads,
    cpuMs: gateway.cpuMs() - cpu,
    peakRssMb: gateway.peakRssMb(),
  };
  result.inFlightAtEnd = result.eventsFound * subscribers - result.eventsDelivered;
  for (const stop of stops) stop();
  await Promise.all(sockets.map((socket) => socket.dispose()));
  const live: LiveResult = {
    ...result,
    upstreamCallsPerEvent: round(result.upstreamCalls / Math.max(1, result.eventsFound)),
    cpuUsPerDelivered: Math.round((result.cpuMs * 1000) / Math.max(1, result.eventsDelivered)),
  };
  process.stdout.write(`${JSON.stringify(live)}\n`);
  return live;
}

const round = (value: number) => Math.round(value * 100) / 100;

async function main(): Promise<void> {
  const results: LiveResult[] = [];
  for (const subscribers of COUNTS) {
    // Fresh for each count: the recoveries start where the seed has them (they end Completed), and the gateway's peak RSS is this count's.
    const simulator = await startSimulator(LATENCY_MS, 1, PACE_MS);
    try {
      const gateway = await startGateway('gateway (cache off)', simulator.url, {
        ...NO_CACHE,
        SUBSCRIPTIONS_POLL_MS: '1000',
        SUBSCRIPTIONS_PER_CLIENT: '100000',
        GATEWAY_PUBLIC_METRICS: 'true',
      });
      try {
        await signIn(gateway.url);
        results.push(await measured(subscribers, gateway, simulator.url, await largestCampaign(gateway.url)));
      } finally {
        await gateway.stop();
      }
    } finally {
      await simulator.stop();
    }
  }
  write(results);
}

function write(results: LiveResult[]): void {
  const stamp = new Date().toISOString().replace(/:/g, '-').slice(0, 19);
  const dir = path.resolve(__dirname, '../../bench/results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${stamp}-live.json`), `${JSON.stringify({ machine: `${os.cpus().length} cores`, results }, null, 2)}\n`);
  const rows = results.map(
    (r) =>
      `| ${r.subscribers} | ${r.polls} | ${r.pollReads} | ${r.eventsFound} | ${r.eventsDelivered} | ${r.upstreamCalls} | ${r.upstreamCallsPerEvent} | ${r.cpuMs} | ${r.cpuUsPerDelivered} | ${r.peakRssMb} |`,
  );
  const table = [
    `# Live updates, ${SECONDS} s each, one caller and campaign, polls every second, a recovery of the tenant moved every ${PACE_MS} ms`,
    '',
    '| subscribers | polls | poll reads | events found | events delivered | upstream calls | calls per event | gateway CPU ms | CPU us per delivered event | peak RSS MB |',
    '| --: | --: | --: | --: | --: | --: | --: | --: | --: | --: |',
    ...rows,
    '',
  ].join('\n');
  writeFileSync(path.join(dir, `${stamp}-live.md`), table);
  process.stdout.write(`\n${table}\nwritten to bench/results/${stamp}-live.{json,md}\n`);
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
