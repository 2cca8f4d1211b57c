/** What counts as a change between two polls (apps/recover/employee-changes.ts), case by case. */
import { changesOf } from '../../src/apps/recover/employee-changes';
import type { Employee } from '../../src/apps/recover/employee.type';

const base = {
  recoveryId: '1',
  email: 'a@x.y',
  firstName: 'A',
  lastName: 'B',
  phone: null,
  phoneCountryCode: null,
  address: { line1: '1 Main St', line2: null, city: 'Boston', state: 'MA', zip: '02108', country: 'US' },
  status: 'Order Received',
  lastUpdated: '2026-12-01',
  items: [],
  tracking: [],
} as unknown as Employee;

/** The snapshots the previous poll left, built by polling `employees` first. */
function after(previous: Employee[], now: Employee[]) {
  const first = changesOf({}, previous, 'C');
  const snapshots = Object.fromEntries(first.map((change) => [change.employee.recoveryId, snapshotFrom(change.employee)]));
  return changesOf(snapshots, now, 'C');
}
const snapshotFrom = (employee: Employee) =>
  Object.fromEntries(
    ['status', 'tracking', 'lastUpdated', 'address', 'items'].map((field) => [field, JSON.stringify((employee as never)[field] ?? null)]),
  ) as never;

it.each([
  ['nothing changed: no event', [base], [base], []],
  ['a status: its field and the status before', [base], [{ ...base, status: 'Kit Shipped' }], [['status'], 'Order Received']],
  [
    'tracking and the day of the update, not the status',
    [base],
    [{ ...base, lastUpdated: '2026-12-02', tracking: [{ position: 1 }] }],
    [['tracking', 'lastUpdated'], null],
  ],
  ['an address', [base], [{ ...base, address: { ...base.address, zip: '02109' } }], [['address'], null]],
  ['a name is not watched', [base], [{ ...base, firstName: 'Z' }], []],
  [
    'an employee not seen before: every field, no previous status',
    [],
    [base],
    [['status', 'tracking', 'lastUpdated', 'address', 'items'], null],
  ],
] as Array<[string, Employee[], Employee[], [] | [string[], string | null]]>)('%s', (_name, previous, now, expected) => {
  const changes = after(previous, now);
  if (!expected.length) return expect(changes).toEqual([]);
  expect(changes.map((change) => [change.changedFields, change.previousStatus])).toEqual([expected]);
});
