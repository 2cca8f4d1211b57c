/**
 * The gateway's one input validator (type-graphql's `validateFn`): every argument object is trimmed,
 * its empty strings dropped, then checked with class-validator. All violations of the whole input
 * come back in one BAD_USER_INPUT error, as `extensions.fieldErrors = [{ path, message }]` with dot
 * paths from the argument's root (`employees.3.items.0.name`).
 */
import { validate, type ValidationError } from 'class-validator';
import { badUserInput, type FieldError } from '../errors';

/** Properties taken exactly as sent, never trimmed (a password may begin or end with a space). */
const verbatim = new WeakMap<object, Set<string>>();

export function Verbatim(): PropertyDecorator {
  return (prototype, property) => {
    const keys = verbatim.get(prototype) ?? new Set<string>();
    keys.add(String(property));
    verbatim.set(prototype, keys);
  };
}

/** An input class may add checks across its rows (e.g. the same email twice in one batch). */
export interface CrossChecked {
  crossCheck(): FieldError[];
}

export async function validateInput(argValue: unknown): Promise<void> {
  if (argValue === null || typeof argValue !== 'object') return;
  normalizeStrings(argValue as Record<string, unknown>);
  const errors = await validate(argValue, {
    skipMissingProperties: false,
    forbidUnknownValues: false,
    // One message per field: "is required" rather than also "must be an email".
    stopAtFirstError: true,
    validationError: { target: false, value: false },
  });
  const fieldErrors = flattenValidationErrors(errors);
  if (!fieldErrors.length && isCrossChecked(argValue)) fieldErrors.push(...argValue.crossCheck());
  if (fieldErrors.length) throw badUserInput(summarize(fieldErrors), fieldErrors);
}

/** Trims every string in place; an empty or blank string, like an explicit null, becomes absent. */
export function normalizeStrings(value: Record<string, unknown> | unknown[]): void {
  const entries: Array<[string | number, unknown]> = Array.isArray(value) ? value.map((item, index) => [index, item]) : Object.entries(value);
  const keep = Array.isArray(value) ? undefined : verbatim.get(Object.getPrototypeOf(value) as object);
  for (const [key, item] of entries) {
    const slot = value as Record<string | number, unknown>;
    if (keep?.has(String(key))) continue;
    if (item === null) slot[key] = undefined;
    else if (typeof item === 'string') slot[key] = item.trim() === '' ? undefined : item.trim();
    else if (item !== null && typeof item === 'object') normalizeStrings(item as Record<string, unknown>);
  }
}

export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ path, message }));
    return [...own, ...flattenValidationErrors(error.children ?? [], path)];
  });
}

function isCrossChecked(value: object): value is CrossChecked {
  return typeof (value as Partial<CrossChecked>).crossCheck === 'function';
}

function summarize(fieldErrors: FieldError[]): string {
  const shown = fieldErrors.slice(0, 3).map((error) => `${error.path} ${error.message}`).join('; ');
  const more = fieldErrors.length > 3 ? `; and ${fieldErrors.length - 3} more (see extensions.fieldErrors)` : '';
  return `Invalid input: ${shown}${more}`;
}
