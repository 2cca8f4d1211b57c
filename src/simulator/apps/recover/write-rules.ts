/**
 * The upstream's own checks on the two write endpoints, as recover-add-employee.txt and
 * recover-bulk-add.txt document them. Answers Laravel-style 422 bodies: `{ message, errors: { field: [..] } }`.
 */
import { isStateOf } from './states';

type Errors = Record<string, string[]>;

const REQUIRED = ['email', 'firstname', 'lastname', 'phone', 'address_line_1', 'city', 'zip', 'country'] as const;

const isBlank = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

export function checkEmployee(body: Record<string, unknown>, prefix: string, errors: Errors): void {
  const add = (field: string, message: string) => (errors[prefix + field] ??= []).push(message);
  for (const field of REQUIRED) if (isBlank(body[field])) add(field, `The ${field} field is required.`);
  if (!isBlank(body.email) && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(String(body.email)))
    add('email', 'The email must be a valid email address.');
  if (!isBlank(body.country) && !/^[A-Za-z]{2}$/.test(String(body.country))) add('country', 'The country must be a 2-letter ISO code.');
  const country = String(body.country ?? '').toUpperCase();
  if (country !== 'GB' && isBlank(body.state)) add('state', 'The state field is required unless country is GB.');
  else if (country !== 'GB' && !isStateOf(country, String(body.state)))
    add('state', 'The state must be a valid state or region name for the country.');
  const reason = body.recovery_reason;
  if (!isBlank(reason) && ![1, 2, 3, 4].includes(Number(reason))) add('recovery_reason', 'The selected recovery reason is invalid.');
  if (Number(reason) === 4 && isBlank(body.recovery_reason_note))
    add('recovery_reason_note', 'The recovery reason note is required when recovery reason is 4.');
  const items = body.items;
  if (!Array.isArray(items) || items.length < 1 || items.length > 5) {
    add('items', 'The items must contain between 1 and 5 items.');
    return;
  }
  items.forEach((item, index) => {
    if (!item || typeof item !== 'object' || isBlank((item as Record<string, unknown>).item))
      add(`items.${index}.item`, 'The item field is required.');
  });
}

export function checkAddBody(body: Record<string, unknown>): Errors {
  const errors: Errors = {};
  if (isBlank(body.campaign_number)) errors.campaign_number = ['The campaign number field is required.'];
  checkEmployee(body, '', errors);
  return errors;
}

export function checkBulkBody(body: Record<string, unknown>): Errors {
  const errors: Errors = {};
  if (isBlank(body.campaign_number)) errors.campaign_number = ['The campaign number field is required.'];
  const users = body.users;
  if (!Array.isArray(users) || users.length < 1 || users.length > 100) {
    errors.users = ['The users must contain between 1 and 100 employees.'];
    return errors;
  }
  users.forEach((user, index) => checkEmployee((user ?? {}) as Record<string, unknown>, `users.${index}.`, errors));
  return errors;
}
