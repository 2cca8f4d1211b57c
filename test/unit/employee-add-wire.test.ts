import { toEmployeeWrite, upstreamFieldErrors } from '../../src/apps/recover/employee-add.wire';
import { documentedExampleEmployee, employeeInstance, usEmployee } from '../fixtures/recovery-input';

describe('toEmployeeWrite: the documented wire shape', () => {
  it("sends the documents' example as their example request shows it", () => {
    const employee = employeeInstance({
      ...documentedExampleEmployee,
      items: documentedExampleEmployee.items!.map((item) => ({ ...item, imei: item.imei || undefined })),
    });
    expect(toEmployeeWrite('17449821332893', employee)).toEqual({
      campaign_number: 17449821332893,
      email: 'john.doe@company.com',
      firstname: 'John',
      lastname: 'Doe',
      phone: '1632960123',
      address_line_1: '123 Business Park',
      address_line_2: 'Suite 200',
      city: 'London',
      state: 'LDN',
      zip: '10001',
      country: 'GB',
      items: [
        {
          item: 'MacBook Pro 16"',
          item_serial_no: 'C02XL0XXXXX1',
          item_asset_id: 'IT-APPLE-001',
          custom_field_1: '2023-issue',
          custom_field_2: 'Finance Dept',
        },
        {
          item: 'iPhone 15 Pro',
          item_serial_no: 'DNXXXXXX1JKL',
          item_asset_id: 'IT-APPLE-002',
          item_imei: '35693803564XXXX',
          custom_field_1: 'Mobile Plan: Corp',
          custom_field_2: 'Manager Approval',
        },
      ],
    });
  });

  it.each([
    ['REFRESH', 1],
    ['BREAK_FIX', 2],
    ['OFFBOARDING', 3],
    ['OTHER', 4],
  ])('recoveryReason %s -> recovery_reason %i', (reason, code) => {
    expect(toEmployeeWrite('1', employeeInstance(usEmployee({ recoveryReason: reason }))).recovery_reason).toBe(code);
  });

  it.each([
    [true, 1],
    [false, 0],
    [undefined, undefined],
  ])('legalHold %p -> is_legal_hold %p', (legalHold, flag) => {
    const write = toEmployeeWrite('1', employeeInstance(usEmployee({ items: [{ name: 'Phone', legalHold }] })));
    expect(write.items[0].is_legal_hold).toBe(flag);
  });

  it.each([
    ['US', 'ca', 'California'],
    ['US', 'California', 'California'],
    ['FR', 'ile de france', 'Île-de-France'],
    ['GB', 'LDN', 'LDN'],
  ])('country %s, state %p -> state %p (the name, as the documents ask)', (country, state, expected) => {
    expect(toEmployeeWrite('1', employeeInstance(usEmployee({ country, state }))).state).toBe(expected);
  });

  it('sends the country in upper case and leaves absent fields out', () => {
    const write = toEmployeeWrite('1', employeeInstance(usEmployee({ country: 'us', recoveryReason: undefined })));
    expect(write.country).toBe('US');
    expect(Object.keys(write)).not.toEqual(expect.arrayContaining(['address_line_2', 'recovery_reason', 'recovery_reason_note']));
  });
});

describe("upstreamFieldErrors: a 422's field keys -> input paths", () => {
  it.each([
    [
      { errors: { email: ['The email must be a valid email address.'] } },
      'employee',
      [{ path: 'employee.email', message: 'The email must be a valid email address.' }],
    ],
    [
      { errors: { 'items.0.item': ['The item field is required.'] } },
      'employee',
      [{ path: 'employee.items.0.name', message: 'The item field is required.' }],
    ],
    [{ errors: { campaign_number: ['Required.'] } }, 'employee', [{ path: 'campaignNumber', message: 'Required.' }]],
    [
      { errors: { 'users.3.address_line_1': ['Required.', 'Too short.'] } },
      'employees',
      [
        { path: 'employees.3.addressLine1', message: 'Required.' },
        { path: 'employees.3.addressLine1', message: 'Too short.' },
      ],
    ],
    [{ errors: { 'users.0.items.1.item_imei': 'Bad IMEI.' } }, 'employees', [{ path: 'employees.0.items.1.imei', message: 'Bad IMEI.' }]],
    [{ message: 'Validation failed' }, 'employee', []],
    ['<html>', 'employee', []],
    [null, 'employees', []],
  ] as const)('%p', (body, root, expected) => {
    expect(upstreamFieldErrors(body, root)).toEqual(expected);
  });
});
