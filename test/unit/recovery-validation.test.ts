import type { GraphQLError } from 'graphql';
import type { FieldError } from '../../src/core/errors';
import { validateInput } from '../../src/core/validation/validate-input';
import { addInput, bulkInput, documentedExampleEmployee, manyEmployees, usEmployee, type PlainEmployee } from '../fixtures/recovery-input';

async function fieldErrorsOf(input: object): Promise<FieldError[]> {
  try {
    await validateInput(input);
    return [];
  } catch (error) {
    expect((error as GraphQLError).extensions.code).toBe('BAD_USER_INPUT');
    return (error as GraphQLError).extensions.fieldErrors as FieldError[];
  }
}

const paths = (errors: FieldError[]) => errors.map((error) => error.path);

describe("accepted: the documents' examples and the rules' edges", () => {
  it.each<[string, PlainEmployee]>([
    ["the documents' GB example (phone 1632960123, state LDN)", documentedExampleEmployee],
    ['GB without a state', { ...documentedExampleEmployee, state: undefined }],
    ['GB with any state text, unchecked', { ...documentedExampleEmployee, state: 'Greater Londonish' }],
    ['a US state by code', usEmployee({ state: 'CA' })],
    ['a US state by name', usEmployee({ state: 'California' })],
    ['a US state in any case, or as an ISO 3166-2 code', usEmployee({ state: 'us-ca' })],
    ['a French region without its accents', usEmployee({ country: 'FR', state: 'ile de france', phone: '612345678', zip: '75001' })],
    ['a French region created in 2016', usEmployee({ country: 'FR', state: 'Normandie', phone: '612345678', zip: '76000' })],
    ["India's Ladakh", usEmployee({ country: 'IN', state: 'Ladakh', phone: '9812345678', zip: '194101' })],
    ['a lower-case country', usEmployee({ country: 'us' })],
    ['an international phone number', usEmployee({ phone: '+1 415 555 0123' })],
    ['OTHER with a note', usEmployee({ recoveryReason: 'OTHER', recoveryReasonNote: 'Contractor returning a loaner' })],
    ['no recovery reason at all', usEmployee({ recoveryReason: undefined })],
    ['five items', usEmployee({ items: Array.from({ length: 5 }, (_, index) => ({ name: `Item ${index}` })) })],
    ['empty optional strings, dropped', usEmployee({ addressLine2: '   ', items: [{ name: 'Laptop', imei: '' }] })],
  ])('%s', async (_name, employee) => {
    expect(await fieldErrorsOf(addInput(employee))).toEqual([]);
  });

  it('trims strings and drops empty ones in place', async () => {
    const input = addInput(usEmployee({ firstName: '  Maya ', addressLine2: '' }));
    await validateInput(input);
    expect(input.employee.firstName).toBe('Maya');
    expect(input.employee.addressLine2).toBeUndefined();
  });

  it('accepts 100 employees', async () => {
    expect(await fieldErrorsOf(bulkInput(manyEmployees(100)))).toEqual([]);
  });
});

describe('refused, with the path and an actionable message', () => {
  it.each<[string, PlainEmployee, string, RegExp]>([
    ['US without a state', usEmployee({ state: undefined }), 'employee.state', /required unless country is GB/],
    [
      'an unknown state, with the closest ones',
      usEmployee({ state: 'Californa' }),
      'employee.state',
      /"Californa" is not a state or region of US; closest: California \(CA\)/,
    ],
    ['a state of another country', usEmployee({ state: 'Bavaria' }), 'employee.state', /not a state or region of US/],
    [
      'OTHER without a note',
      usEmployee({ recoveryReason: 'OTHER' }),
      'employee.recoveryReasonNote',
      /required when recoveryReason is OTHER/,
    ],
    [
      'a note without OTHER',
      usEmployee({ recoveryReasonNote: 'why not' }),
      'employee.recoveryReasonNote',
      /must be left out unless recoveryReason is OTHER/,
    ],
    [
      'six items',
      usEmployee({ items: Array.from({ length: 6 }, (_, index) => ({ name: `Item ${index}` })) }),
      'employee.items',
      /at most 5 items/,
    ],
    ['no items', usEmployee({ items: [] }), 'employee.items', /at least 1 item/],
    [
      'an item without a name',
      usEmployee({ items: [{ name: 'Laptop' }, { name: '  ', serialNumber: 'X' }] }),
      'employee.items.1.name',
      /is required/,
    ],
    ['an invalid email', usEmployee({ email: 'maya.patel@' }), 'employee.email', /valid email/],
    ['an impossible phone number', usEmployee({ phone: '12' }), 'employee.phone', /possible phone number for US/],
    ['a three-letter country', usEmployee({ country: 'USA' }), 'employee.country', /ISO 3166-1 alpha-2/],
    ['an unknown country', usEmployee({ country: 'XX' }), 'employee.country', /ISO 3166-1 alpha-2/],
    ['GB without a zip', { ...documentedExampleEmployee, zip: undefined }, 'employee.zip', /is required/],
    ['a blank first name', usEmployee({ firstName: ' ' }), 'employee.firstName', /is required/],
    ['no address line', usEmployee({ addressLine1: undefined }), 'employee.addressLine1', /is required/],
    ['no city', usEmployee({ city: '' }), 'employee.city', /is required/],
  ])('%s', async (_name, employee, path, message) => {
    const errors = await fieldErrorsOf(addInput(employee));
    expect(errors).toEqual([{ path, message: expect.stringMatching(message) }]);
  });

  it('reports every violation of the input at once', async () => {
    const errors = await fieldErrorsOf(
      addInput(usEmployee({ email: 'x', phone: '1', state: undefined, items: [] }), { campaignNumber: 'abc' }),
    );
    expect(paths(errors).sort()).toEqual(['campaignNumber', 'employee.email', 'employee.items', 'employee.phone', 'employee.state']);
  });

  it('refuses 101 employees, and none', async () => {
    expect(await fieldErrorsOf(bulkInput(manyEmployees(101)))).toEqual([{ path: 'employees', message: 'must list at most 100 employees' }]);
    expect(await fieldErrorsOf(bulkInput([]))).toEqual([{ path: 'employees', message: 'must list at least 1 employee' }]);
  });

  it('names the one bad row among 100 by its index', async () => {
    const employees = manyEmployees(100);
    employees[57] = { ...employees[57], email: 'not-an-email', items: [{ name: 'ok' }, { name: '' }] };
    expect(paths(await fieldErrorsOf(bulkInput(employees)))).toEqual(['employees.57.email', 'employees.57.items.1.name']);
  });

  it('refuses the same email twice in a batch, whatever its case', async () => {
    const employees = manyEmployees(4);
    employees[3] = { ...employees[3], email: 'EMPLOYEE.1@fairway.example' };
    expect(await fieldErrorsOf(bulkInput(employees))).toEqual([
      { path: 'employees.3.email', message: 'repeats employees.1.email; each email may appear once per batch' },
    ]);
  });

  it('refuses an idempotency key longer than 200 characters', async () => {
    expect(paths(await fieldErrorsOf(addInput(usEmployee(), { idempotencyKey: 'k'.repeat(201) })))).toEqual(['idempotencyKey']);
  });
});
