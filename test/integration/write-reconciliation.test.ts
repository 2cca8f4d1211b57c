/**
 * A write whose answer was lost (committed upstream, connection cut) and then repeated with the same
 * idempotencyKey gets the recovery codes the lost write created (`reconciled: true`), not CONFLICT, and
 * nothing is written twice; an employee already in the campaign before the first attempt stays CONFLICT.
 */
import {
  AddRecoveryEmployeeDocument,
  BulkAddRecoveryEmployeesDocument,
  type RecoveryEmployeeInput,
} from '../../schema/generated/operations';
import { usEmployee } from '../fixtures/recovery-input';
import { startHarness, type Harness } from '../support/harness';
import { writesIn } from '../support/request-log';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness.stop());
beforeEach(() => harness.reset());

const employee = (email: string) => usEmployee({ email }) as RecoveryEmployeeInput;

it('repeating a lost add with its key returns the code the lost write created, and adds nobody twice', async () => {
  const campaign = harness.companies.fairway.campaigns[5];
  const input = { campaignNumber: campaign.number, idempotencyKey: 'lost-answer-1', employee: employee('lost.answer@fairway.example') };
  harness.simulator.injectFault({ method: 'POST', path: '/recover/campaign/employee/add', cutAfterWork: true, times: 1 });
  const lost = await harness.request(AddRecoveryEmployeeDocument, { input });
  expect(lost.errors?.[0].extensions).toMatchObject({ code: 'UPSTREAM_ERROR', outcome: 'UNKNOWN' });
  const added = campaign.employees.find((entry) => entry.email === 'lost.answer@fairway.example')!;
  expect(added).toBeDefined();

  const repeated = await harness.request(AddRecoveryEmployeeDocument, { input });
  expect(repeated.errors).toBeUndefined();
  expect(repeated.data!.addRecoveryEmployee).toEqual({ recoveryCode: added.recoveryId, message: null, replayed: true, reconciled: true });
  expect(campaign.employees.filter((entry) => entry.email === 'lost.answer@fairway.example')).toHaveLength(1);
  // The first write was committed (200) but its answer never arrived; the repeat met the upstream's 409.
  expect(writesIn(harness.simulator.requestLog).map((entry) => entry.status)).toEqual([200, 409]);
});

it('an employee already in the campaign before the first attempt stays CONFLICT', async () => {
  const campaign = harness.companies.fairway.campaigns[5];
  const existing = campaign.employees[0];
  const input = { campaignNumber: campaign.number, idempotencyKey: 'already-there-1', employee: employee(existing.email) };
  harness.simulator.injectFault({ method: 'POST', path: '/recover/campaign/employee/add', status: 503, times: 1 });
  expect((await harness.request(AddRecoveryEmployeeDocument, { input })).errors?.[0].extensions).toMatchObject({ outcome: 'UNKNOWN' });
  const repeated = await harness.request(AddRecoveryEmployeeDocument, { input });
  expect(repeated.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', upstream: { status: 409 } });
});

it('a lost bulk add, repeated with its key, returns every code in input order', async () => {
  const campaign = harness.companies.fairway.campaigns[6];
  const emails = ['bulk.lost.1@fairway.example', 'bulk.lost.2@fairway.example', 'bulk.lost.3@fairway.example'];
  const input = { campaignNumber: campaign.number, idempotencyKey: 'lost-bulk-1', employees: emails.map(employee) };
  harness.simulator.injectFault({ method: 'POST', path: '/recover/campaign/employee/bulk-add', cutAfterWork: true, times: 1 });
  expect((await harness.request(BulkAddRecoveryEmployeesDocument, { input })).errors?.[0].extensions).toMatchObject({ outcome: 'UNKNOWN' });
  const repeated = await harness.request(BulkAddRecoveryEmployeesDocument, { input });
  const codes = emails.map((email) => campaign.employees.find((entry) => entry.email === email)!.recoveryId);
  expect(repeated.data!.bulkAddRecoveryEmployees).toMatchObject({ recoveryCodes: codes, replayed: true, reconciled: true });
});
