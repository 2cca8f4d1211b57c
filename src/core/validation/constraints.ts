/**
 * Custom class-validator constraints that read a sibling field (the country), with messages a
 * person can act on. The data comes from maintained packages: libphonenumber-js for phone numbers,
 * country-region-data for subdivisions.
 */
import {
  isISO31661Alpha2,
  registerDecorator,
  type ValidationArguments,
  type ValidationOptions,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { isPossiblePhoneNumber, type CountryCode } from 'libphonenumber-js';
import { closestSubdivisions, findSubdivision, hasSubdivisionData } from './subdivisions';

const countryOf = (args: ValidationArguments, field: string) => String((args.object as Record<string, unknown>)[field] ?? '').toUpperCase();

/** A property decorator running `validator` with the whole object at hand (for rules across fields). */
function constraint(name: string, validator: ValidatorConstraintInterface, options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({ name, target: target.constructor, propertyName, options, validator });
}

/**
 * A possible phone number for the country in `countryField` (possible, not valid: the documents'
 * own example, 1632960123 in GB, is a possible but unassigned number). International `+` numbers
 * are checked against their own country code.
 */
export function IsPossiblePhoneFor(countryField: string, options?: ValidationOptions) {
  return constraint(
    'isPossiblePhoneFor',
    {
      validate(value: unknown, args: ValidationArguments) {
        const country = countryOf(args, countryField);
        if (typeof value !== 'string') return false;
        if (value.startsWith('+')) return isPossiblePhoneNumber(value);
        // An invalid country is reported on the country field, not twice.
        return !isISO31661Alpha2(country) || isPossiblePhoneNumber(value, country as CountryCode);
      },
      defaultMessage(args: ValidationArguments) {
        const country = countryOf(args, countryField);
        return `must be a possible phone number for ${country || 'the country'} (digits, optionally with a +country prefix)`;
      },
    },
    options,
  );
}

/** A real subdivision of the country in `countryField`, by name or code; suggests the closest ones. */
export function IsSubdivisionOf(countryField: string, options?: ValidationOptions) {
  return constraint(
    'isSubdivisionOf',
    {
      validate(value: unknown, args: ValidationArguments) {
        const country = countryOf(args, countryField);
        // An unknown country is reported on the country field; one without data is not checkable.
        if (!isISO31661Alpha2(country) || !hasSubdivisionData(country)) return true;
        return typeof value === 'string' && findSubdivision(country, value) !== null;
      },
      defaultMessage(args: ValidationArguments) {
        const country = countryOf(args, countryField);
        const closest = closestSubdivisions(country, String(args.value ?? ''))
          .map((entry) => `${entry.name} (${entry.code})`)
          .join(', ');
        return `"${String(args.value)}" is not a state or region of ${country}; closest: ${closest}`;
      },
    },
    options,
  );
}

/** Present exactly when `condition` holds: required then, refused otherwise. */
export function RequiredOnlyWhen(condition: (object: never) => boolean, description: string, options?: ValidationOptions) {
  return constraint(
    'requiredOnlyWhen',
    {
      validate(value: unknown, args: ValidationArguments) {
        return condition(args.object as never) === (value !== undefined && value !== null);
      },
      defaultMessage(args: ValidationArguments) {
        return condition(args.object as never) ? `is required when ${description}` : `must be left out unless ${description}`;
      },
    },
    options,
  );
}
