/**
 * What the live-update tests share: the docs' subscription (the document a frontend sends), the
 * event it yields, moving a recovery as time does upstream (the gateway sees it only through the
 * documented details endpoint), waiting for a condition, and reading one sample of `/metrics`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fetch from 'node-fetch';

/** The docs' example (docs/live-updates.md), as a frontend would send it. */
export const DOCUMENTED_SUBSCRIPTION = /```graphql\n(subscription EmployeeChanged[\s\S]*?)```/.exec(
  readFileSync(path.resolve(__dirname, '../../docs/live-updates.md'), 'utf8'),
)![1];

/** An event of the documented subscription. */
export interface Change {
  campaignNumber: string;
  changedFields: string[];
  previousStatus: string | null;
  employee: { recoveryId: string; email: string; status: string; user: { email: string } | null };
}

/** The event the documented subscription yields when `employee`'s status moved from `before`. */
export function statusChange(
  campaignNumber: string,
  employee: { recoveryId: string; email: string; status: string },
  before: string,
): Change {
  return {
    campaignNumber,
    changedFields: ['status'],
    previousStatus: before,
    employee: { recoveryId: employee.recoveryId, email: employee.email, status: employee.status, user: { email: employee.email } },
  };
}

/** Moves a recovery to another status, as time does upstream; returns the status it had. */
export function moveStatus(employee: { status: string }): string {
  const before = employee.status;
  employee.status = before === 'Completed' ? 'Kit Shipped' : 'Completed';
  return before;
}

/** Resolves once `condition` holds (checked every 25 ms); fails naming `what` after `timeoutMs`. */
export async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** One sample of the gateway at `endpoint`, e.g. `gateway_live_subscriptions{transport="sse"}`; 0 when it has none. */
export async function metricSample(endpoint: string, series: string): Promise<number> {
  const text = await (await fetch(endpoint.replace('/graphql', '/metrics'))).text();
  return Number(
    text
      .split('\n')
      .find((line) => line.startsWith(`${series} `))
      ?.slice(series.length + 1) ?? 0,
  );
}
