/** Reading the simulator's request log the way the assertions need it. */
import type { LoggedRequest } from '../../src/simulator/server';

export function requestKey(entry: LoggedRequest): string {
  const query = Object.entries(entry.query).sort(([a], [b]) => a.localeCompare(b));
  return `${entry.method} ${entry.path}?${new URLSearchParams(query).toString()}`;
}

/** Keys sent more than once; a correct gateway sends each distinct request once per GraphQL request. */
export function repeatedRequests(log: LoggedRequest[]): string[] {
  const counts = new Map<string, number>();
  for (const entry of log) counts.set(requestKey(entry), (counts.get(requestKey(entry)) ?? 0) + 1);
  return [...counts].filter(([, count]) => count > 1).map(([key]) => key);
}

/** Each call as `METHOD /path STATUS`, in order: the shape assertions read best. */
export function callLines(log: LoggedRequest[]): string[] {
  return log.map((entry) => `${entry.method} ${entry.path} ${entry.status}`);
}

/** The writes the upstream received. */
export function writesIn(log: LoggedRequest[]): LoggedRequest[] {
  return log.filter((entry) => entry.method === 'POST' && entry.path !== '/auth/login' && entry.path !== '/refresh-token');
}

/** The calls to one path. */
export function callsTo(log: LoggedRequest[], path: string): LoggedRequest[] {
  return log.filter((entry) => entry.path === path);
}
