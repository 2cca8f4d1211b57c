/**
 * The gateway's one input validator (type-graphql's `validateFn`): every argument object is trimmed,
 * its empty strings dropped, then checked with class-validator's rules. All violations of the whole
 * input come back in one BAD_USER_INPUT error, as `extensions.fieldErrors = [{ path, message }]` with
 * dot paths from the argument's root (`employees.3.items.0.name`). A valid input is recognised by the
 * rules' plan (rule-plans.ts: the rules called directly, about 4x cheaper); any other is validated by
 * class-validator itself, which writes the errors.
 */
import { validate, type ValidationError } from 'class-validator';
import { badUserInput, type FieldError } from '../errors';
import { passesRulePlan } from './rule-plans';

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
  const fieldErrors = passesRulePlan(argValue) ? [] : await violations(argValue);
  if (!fieldErrors.length && isCrossChecked(argValue)) fieldErrors.push(...argValue.crossCheck());
  if (fieldErrors.length) throw badUserInput(summarize(fieldErrors), fieldErrors);
}

async function violations(argValue: object): Promise<FieldError[]> {
  const errors = await validate(argValue, {
    skipMissingProperties: false,
    forbidUnknownValues: false,
    // One message per field: "is required" rather than also "must be an email".
    stopAtFirstError: true,
    validationError: { target: false, value: false },
  });
  return flattenValidationErrors(errors);
}

/** Trims every string in place; an empty or blank string, like an explicit null, becomes absent. */
export function normalizeStrings(value: Record<string, unknown> | unknown[]): void {
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) value[index] = normalized(value[index]);
    return;
  }
  const keep = verbatim.get(Object.getPrototypeOf(value) as object);
  // Own keys only, without building an entries array per object (a bulk-add has hundreds of them).
  for (const key of Object.keys(value)) if (!keep?.has(key)) value[key] = normalized(value[key]);
}

function normalized(item: unknown): unknown {
  if (item === null) return undefined;
  if (typeof item === 'string') {
    const trimmed = item.trim();
    return trimmed === '' ? undefined : trimmed;
  }
  if (typeof item === 'object') normalizeStrings(item as Record<string, unknown>);
  return item;
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
  const shown = fieldErrors
    .slice(0, 3)
    .map((error) => `${error.path} ${error.message}`)
    .join('; ');
  const more = fieldErrors.length > 3 ? `; and ${fieldErrors.length - 3} more (see extensions.fieldErrors)` : '';
  return `Invalid input: ${shown}${more}`;
}
