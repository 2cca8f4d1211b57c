/**
 * Validated mutation input -> the write endpoints' wire shapes, and the upstream's 422 field keys
 * back to input paths. Pure; table-tested in test/unit/write-map.test.ts.
 */
import type { FieldError } from '../../core/errors';
import { findSubdivision } from '../../core/validation/subdivisions';
import { isGB, RecoveryReason, type RecoveryEmployeeInput, type RecoveryItemInput } from './recovery-employee.input';
import type { RawEmployeeWrite } from './rest';

const REASON_CODES: Record<RecoveryReason, 1 | 2 | 3 | 4> = {
  [RecoveryReason.REFRESH]: 1,
  [RecoveryReason.BREAK_FIX]: 2,
  [RecoveryReason.OFFBOARDING]: 3,
  [RecoveryReason.OTHER]: 4,
};

export function toEmployeeWrite(campaignNumber: string, employee: RecoveryEmployeeInput): RawEmployeeWrite {
  const country = employee.country.toUpperCase();
  return omitAbsent({
    campaign_number: Number(campaignNumber),
    email: employee.email,
    firstname: employee.firstName,
    lastname: employee.lastName,
    phone: employee.phone,
    address_line_1: employee.addressLine1,
    address_line_2: employee.addressLine2,
    city: employee.city,
    state: wireState(country, employee.state),
    zip: employee.zip,
    country,
    recovery_reason: employee.recoveryReason ? REASON_CODES[employee.recoveryReason] : undefined,
    recovery_reason_note: employee.recoveryReasonNote,
    items: employee.items.map(toItemWrite),
  });
}

/**
 * The documents ask for "a valid state or region name": send the subdivision's name as the ISO data
 * spells it, whether the client gave the name or the code. GB is passed through as given.
 */
function wireState(country: string, state: string | undefined): string | undefined {
  if (state === undefined || isGB(country)) return state;
  return findSubdivision(country, state)?.name ?? state;
}

function toItemWrite(item: RecoveryItemInput): RawEmployeeWrite['items'][number] {
  return omitAbsent({
    item: item.name,
    item_serial_no: item.serialNumber,
    item_asset_id: item.assetId,
    item_imei: item.imei,
    custom_field_1: item.customField1,
    custom_field_2: item.customField2,
    is_legal_hold: item.legalHold === undefined || item.legalHold === null ? undefined : item.legalHold ? 1 : 0,
  });
}

const WIRE_TO_INPUT: Record<string, string> = {
  campaign_number: 'campaignNumber',
  firstname: 'firstName',
  lastname: 'lastName',
  address_line_1: 'addressLine1',
  address_line_2: 'addressLine2',
  recovery_reason: 'recoveryReason',
  recovery_reason_note: 'recoveryReasonNote',
  item: 'name',
  item_serial_no: 'serialNumber',
  item_asset_id: 'assetId',
  item_imei: 'imei',
  custom_field_1: 'customField1',
  custom_field_2: 'customField2',
  is_legal_hold: 'legalHold',
  users: 'employees',
};

/**
 * A 422 body's field messages (`{ errors: { "users.3.email": ["..."] } }`, Laravel style, the
 * common shape; anything else yields none) as input paths. `employeeRoot` is where a single
 * employee's fields live in the input (`employee` for the add mutation).
 */
export function upstreamFieldErrors(body: unknown, employeeRoot: 'employee' | 'employees'): FieldError[] {
  const errors = (body as { errors?: unknown } | null)?.errors;
  if (!errors || typeof errors !== 'object' || Array.isArray(errors)) return [];
  return Object.entries(errors as Record<string, unknown>).flatMap(([key, messages]) => {
    const path = toInputPath(key, employeeRoot);
    const list = Array.isArray(messages) ? messages : [messages];
    return list.filter((message) => typeof message === 'string').map((message) => ({ path, message: message as string }));
  });
}

function toInputPath(wireKey: string, employeeRoot: 'employee' | 'employees'): string {
  const parts = wireKey.split('.').map((part) => WIRE_TO_INPUT[part] ?? part);
  const isTopLevel = parts[0] === 'campaignNumber' || parts[0] === 'employees';
  return employeeRoot === 'employee' && !isTopLevel ? ['employee', ...parts].join('.') : parts.join('.');
}

/** Optional fields the client left out are not sent at all (never as null). */
function omitAbsent<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined && entry !== null)) as T;
}
