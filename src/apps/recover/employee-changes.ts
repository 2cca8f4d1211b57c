/**
 * What changed in a campaign's recoveries between two polls: each employee's status, tracking, last
 * update, address and items compared with the poll before; an employee not seen before is a change of
 * every field. Polls read every details page at `limit=100`, from the upstream (never the shared cache).
 */
import { notFound, UpstreamError, ErrorCode } from '../../core/errors';
import type { PollSource } from '../../core/live/polling';
import type { UpstreamTransport } from '../../core/upstream/session';
import type { Employee } from './employee.type';
import { mapCampaignDetails } from './map';
import { fetchCampaignDetails } from './rest';

export const WATCHED_FIELDS = ['status', 'tracking', 'lastUpdated', 'address', 'items'] as const;
export type WatchedField = (typeof WATCHED_FIELDS)[number];

export interface EmployeeChangeEvent {
  campaignNumber: string;
  employee: Employee;
  changedFields: WatchedField[];
  previousStatus: string | null;
}

const POLL_PAGE_SIZE = 100;

/** An employee's watched fields, each as comparable text. */
type Snapshot = Record<WatchedField, string>;
/** What the last poll saw, by recovery ID: plain JSON, so a fleet can keep it in Redis. */
export type CampaignSnapshot = Record<string, Snapshot>;

function snapshotOf(employee: Employee): Snapshot {
  return Object.fromEntries(WATCHED_FIELDS.map((field) => [field, JSON.stringify(employee[field] ?? null)])) as Snapshot;
}

/** The changes from `before` (by recovery ID) to `now`. Pure. */
export function changesOf(before: Readonly<CampaignSnapshot>, now: readonly Employee[], campaignNumber: string): EmployeeChangeEvent[] {
  const changes: EmployeeChangeEvent[] = [];
  for (const employee of now) {
    const previous = Object.hasOwn(before, employee.recoveryId) ? before[employee.recoveryId] : undefined;
    const current = snapshotOf(employee);
    const changedFields = previous ? WATCHED_FIELDS.filter((field) => previous[field] !== current[field]) : [...WATCHED_FIELDS];
    if (!changedFields.length) continue;
    const previousStatus = previous && changedFields.includes('status') ? (JSON.parse(previous.status) as string | null) : null;
    changes.push({ campaignNumber, employee, changedFields, previousStatus });
  }
  return changes;
}

/** A poll source of one campaign's employee changes; `session` gives each poll its own upstream session. */
export function employeeChangeSource(
  session: () => UpstreamTransport,
  campaignNumber: string,
): PollSource<EmployeeChangeEvent, CampaignSnapshot> {
  return {
    async poll(previous) {
      const { employees, reads } = await everyEmployee(session(), campaignNumber);
      return {
        events: previous ? changesOf(previous, employees, campaignNumber) : [],
        state: Object.fromEntries(employees.map((employee) => [employee.recoveryId, snapshotOf(employee)])),
        reads,
      };
    },
    // The one field JSON does not carry back as it was: the day of the last update.
    revive: (event) => {
      const change = event as EmployeeChangeEvent;
      const { lastUpdated } = change.employee as { lastUpdated: Date | string | null };
      return { ...change, employee: { ...change.employee, lastUpdated: lastUpdated === null ? null : new Date(lastUpdated) } };
    },
  };
}

async function everyEmployee(upstream: UpstreamTransport, campaignNumber: string): Promise<{ employees: Employee[]; reads: number }> {
  const page = (number: number) =>
    fetchCampaignDetails(upstream, { campaignNumber, page: number, limit: POLL_PAGE_SIZE }).then((raw) =>
      mapCampaignDetails(raw, { page: number, limit: POLL_PAGE_SIZE }),
    );
  const first = await page(1).catch((error: unknown) => {
    if (error instanceof UpstreamError && error.code === ErrorCode.NOT_FOUND)
      throw notFound(`No campaign ${campaignNumber} for this caller`);
    throw error;
  });
  const rest = await Promise.all(Array.from({ length: Math.max(0, first.pageInfo.totalPages - 1) }, (_, index) => page(index + 2)));
  return { employees: [first, ...rest].flatMap((details) => details.employees), reads: 1 + rest.length };
}
