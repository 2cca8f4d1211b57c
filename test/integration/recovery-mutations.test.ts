import {
  AddRecoveryEmployeeDocument,
  BulkAddRecoveryEmployeesDocument,
  CampaignDetailsDocument,
  type RecoveryEmployeeInput,
} from '../../schema/generated/operations';
import type { SimCampaign } from '../../src/simulator/model';
import { documentedExampleEmployee, usEmployee } from '../fixtures/recovery-input';
import { bearer, startHarness, type Harness } from '../support/harness';
import { writesIn } from '../support/request-log';

let harness: Harness;
let campaign: SimCampaign;
const writes = () => writesIn(harness.simulator.requestLog);
const employee = (overrides: Record<string, unknown> = {}) => usEmployee(overrides) as RecoveryEmployeeInput;

beforeAll(async () => {
  harness = await startHarness({ gateway: { upstreamTimeoutMs: 1_000 } });
  campaign = harness.companies.fairway.campaigns[3];
});
afterAll(() => harness.stop());
beforeEach(() => {
  harness.reset();
});

describe('addRecoveryEmployee', () => {
  it("adds the documents' example employee, and the campaign then shows them", async () => {
    const before = await harness.request(CampaignDetailsDocument, { campaignNumber: campaign.number, limit: 100 });
    const result = await harness.request(AddRecoveryEmployeeDocument, {
      input: { campaignNumber: campaign.number, employee: documentedExampleEmployee as RecoveryEmployeeInput },
    });
    expect(result.errors).toBeUndefined();
    expect(result.data!.addRecoveryEmployee).toEqual({
      recoveryCode: expect.stringMatching(/^\d+$/),
      message: 'Employee added successfully',
      replayed: false,
      reconciled: false,
    });

    const [write] = writes();
    expect(write.path).toBe('/recover/campaign/employee/add');
    const after = await harness.request(CampaignDetailsDocument, { campaignNumber: campaign.number, limit: 100 });
    expect(after.data!.campaign!.totalEmployeeCount).toBe(before.data!.campaign!.totalEmployeeCount + 1);
    const added = after.data!.campaign!.employees.items.find((entry) => entry.email === 'john.doe@company.com')!;
    expect(added).toMatchObject({ recoveryId: result.data!.addRecoveryEmployee.recoveryCode, address: { state: 'London', country: 'GB' } }); // the simulator names LDN
    expect(added.items.map((item) => item.name)).toEqual(['MacBook Pro 16"', 'iPhone 15 Pro']);
  });

  it('an unknown campaign is NOT_FOUND', async () => {
    const result = await harness.request(AddRecoveryEmployeeDocument, {
      input: { campaignNumber: '99999999999999', employee: employee() },
    });
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', upstream: { status: 404 } });
  });

  it('an employee already in the campaign is CONFLICT, and is not added twice', async () => {
    const existing = campaign.employees[0];
    const count = campaign.employees.length;
    const result = await harness.request(AddRecoveryEmployeeDocument, {
      input: { campaignNumber: campaign.number, employee: employee({ email: existing.email.toUpperCase() }) },
    });
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', upstream: { status: 409 } });
    expect(campaign.employees).toHaveLength(count);
  });

  it("maps the upstream's 422 field messages onto input paths", async () => {
    harness.simulator.injectFault({
      path: '/recover/campaign/employee/add',
      status: 422,
      body: JSON.stringify({
        message: 'The given data was invalid.',
        errors: { zip: ['The zip is not valid for CA.'], 'items.0.item_serial_no': ['Unknown serial.'] },
      }),
      times: 1,
    });
    const result = await harness.request(AddRecoveryEmployeeDocument, { input: { campaignNumber: campaign.number, employee: employee() } });
    expect(result.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      upstream: { status: 422 },
      fieldErrors: [
        { path: 'employee.zip', message: 'The zip is not valid for CA.' },
        { path: 'employee.items.0.serialNumber', message: 'Unknown serial.' },
      ],
    });
  });

  it.each([
    ['a 500', { status: 500 }, 'UPSTREAM_ERROR'],
    ['a timeout', { status: 200, delayMs: 2_500 }, 'UPSTREAM_TIMEOUT'],
  ])('%s says the outcome is unknown, and is not retried', async (_name, fault, code) => {
    harness.simulator.injectFault({ path: '/recover/campaign/employee/add', times: 1, ...fault });
    const result = await harness.request(AddRecoveryEmployeeDocument, {
      input: { campaignNumber: campaign.number, employee: employee({ email: `unknown.${code}@fairway.example` }) },
    });
    expect(result.errors?.[0].extensions).toMatchObject({ code, outcome: 'UNKNOWN' });
    expect(result.errors?.[0].message).toMatch(/outcome is unknown/);
    expect(writes()).toHaveLength(1);
  });

  it('invalid input gets every violation and never reaches the upstream', async () => {
    const result = await harness.request(AddRecoveryEmployeeDocument, {
      input: { campaignNumber: campaign.number, employee: employee({ state: 'Atlantis', recoveryReason: 'OTHER', items: [] }) },
    });
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect((result.errors?.[0].extensions?.fieldErrors as Array<{ path: string }>).map((error) => error.path)).toEqual([
      'employee.state',
      'employee.recoveryReasonNote',
      'employee.items',
    ]);
    expect(harness.simulator.requestLog).toHaveLength(0);
  });
});

describe('idempotency keys', () => {
  it('a repeat with the same key returns the first result without a second write', async () => {
    const input = {
      campaignNumber: campaign.number,
      employee: employee({ email: 'idem.once@fairway.example' }),
      idempotencyKey: 'form-42',
    };
    const first = await harness.request(AddRecoveryEmployeeDocument, { input });
    const again = await harness.request(AddRecoveryEmployeeDocument, {
      input: { ...input, employee: { ...input.employee, firstName: '  Maya ' } },
    });
    expect(again.data!.addRecoveryEmployee).toEqual({ ...first.data!.addRecoveryEmployee, replayed: true });
    expect(writes()).toHaveLength(1);
  });

  it('the same key with different input is CONFLICT', async () => {
    const input = { campaignNumber: campaign.number, employee: employee({ email: 'idem.a@fairway.example' }), idempotencyKey: 'form-43' };
    await harness.request(AddRecoveryEmployeeDocument, { input });
    const other = await harness.request(AddRecoveryEmployeeDocument, {
      input: { ...input, employee: employee({ email: 'idem.b@fairway.example' }) },
    });
    expect(other.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect(other.errors?.[0].message).toMatch(/idempotencyKey was already used with different input/);
    expect(writes()).toHaveLength(1);
  });

  it("one company's key is not another's", async () => {
    const northwindCampaign = harness.companies.northwind.campaigns[0];
    const fairwayInput = {
      campaignNumber: campaign.number,
      employee: employee({ email: 'idem.shared@fairway.example' }),
      idempotencyKey: 'shared-key',
    };
    const northwindInput = { ...fairwayInput, campaignNumber: northwindCampaign.number };
    await harness.request(AddRecoveryEmployeeDocument, { input: fairwayInput });
    const result = await harness.request(AddRecoveryEmployeeDocument, { input: northwindInput }, bearer(harness.tokens.northwind));
    expect(result.data?.addRecoveryEmployee.replayed).toBe(false);
    expect(writes()).toHaveLength(2);
  });
});

describe('bulkAddRecoveryEmployees', () => {
  it('adds 100 employees in one upstream request and pairs each email with its code, in input order', async () => {
    const target = harness.companies.fairway.campaigns[5];
    const employees = Array.from({ length: 100 }, (_, index) => employee({ email: `bulk.${index}@fairway.example` }));
    const result = await harness.request(BulkAddRecoveryEmployeesDocument, { input: { campaignNumber: target.number, employees } });
    expect(result.errors).toBeUndefined();
    const payload = result.data!.bulkAddRecoveryEmployees;
    expect(payload.results.map((entry) => entry.email)).toEqual(employees.map((entry) => entry.email));
    expect(payload.results.map((entry) => entry.recoveryCode)).toEqual(payload.recoveryCodes);
    expect(new Set(payload.recoveryCodes).size).toBe(100);
    expect(writes()).toHaveLength(1);
    expect(target.employees.slice(-100).map((entry) => entry.recoveryId)).toEqual(payload.recoveryCodes);
  });

  it('sends the documented shape: campaign_number as a number, repeated in every user', async () => {
    const target = harness.companies.fairway.campaigns[6];
    await harness.request(BulkAddRecoveryEmployeesDocument, {
      input: {
        campaignNumber: target.number,
        employees: [employee({ email: 'shape.1@fairway.example', items: [{ name: 'Phone', legalHold: true }] })],
      },
    });
    const added = target.employees.at(-1)!;
    expect(added.items[0].is_legal_hold).toBe(1);
    expect(added.state).toBe('California');
    expect(added.recoveryReason).toBe(3);
  });

  it('one bad row among 100 is named by its index, and nothing is sent', async () => {
    const employees = Array.from({ length: 100 }, (_, index) => employee({ email: `row.${index}@fairway.example` }));
    employees[73] = employee({ email: 'row.73@fairway.example', phone: '123' });
    const result = await harness.request(BulkAddRecoveryEmployeesDocument, { input: { campaignNumber: campaign.number, employees } });
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fieldErrors: [{ path: 'employees.73.phone' }] });
    expect(harness.simulator.requestLog).toHaveLength(0);
  });
});
