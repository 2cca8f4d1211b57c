/**
 * One employee to add to a recovery campaign, with the rules of recover-add-employee.txt and
 * recover-bulk-add.txt beside each field. Strings arrive trimmed and empty strings absent
 * (core/validation/validate-input.ts); every violation is reported, with its path.
 */
import { ArrayMaxSize, ArrayMinSize, IsDefined, IsEmail, IsISO31661Alpha2, IsOptional, ValidateIf, ValidateNested } from 'class-validator';
import { Field, InputType, registerEnumType } from 'type-graphql';
import { IsPossiblePhoneFor, IsSubdivisionOf, RequiredOnlyWhen } from '../../core/validation/constraints';
import { AtMost, EMAIL_MAX, IDENTIFIER_MAX } from '../../core/validation/lengths';
import { MAX_ITEMS_PER_EMPLOYEE } from './limits';

export enum RecoveryReason {
  REFRESH = 'REFRESH',
  BREAK_FIX = 'BREAK_FIX',
  OFFBOARDING = 'OFFBOARDING',
  OTHER = 'OTHER',
}

registerEnumType(RecoveryReason, {
  name: 'RecoveryReason',
  description: 'Why the devices are recovered (upstream `recovery_reason` 1 to 4).',
  valuesConfig: {
    REFRESH: { description: 'Hardware refresh (1).' },
    BREAK_FIX: { description: 'Broken device to repair or replace (2).' },
    OFFBOARDING: { description: 'The employee is leaving (3).' },
    OTHER: { description: 'Anything else; explain it in `recoveryReasonNote` (4).' },
  },
});

const REQUIRED = { message: 'is required' };
/** Lengths the documents leave open, chosen generously: the upstream's likely column sizes. */
const TEXT_MAX = 255;
const NAME_MAX = 100;
const IMEI_MAX = 20;
const ZIP_MAX = 20;
const NOTE_MAX = 1000;

/** GB is the one country where the documents make `state` optional (and unchecked). */
export const isGB = (country: unknown) => typeof country === 'string' && country.toUpperCase() === 'GB';

const needsNote = (employee: RecoveryEmployeeInput) => employee.recoveryReason === RecoveryReason.OTHER;

@InputType({ description: `An item the employee must return (1 to ${MAX_ITEMS_PER_EMPLOYEE} per employee).` })
export class RecoveryItemInput {
  @Field(() => String, { description: 'Name or label of the item, e.g. `MacBook Pro 16"`.' })
  @IsDefined(REQUIRED)
  @AtMost(TEXT_MAX)
  name!: string;

  @Field(() => String, { nullable: true, description: 'Serial number.' })
  @IsOptional()
  @AtMost(IDENTIFIER_MAX)
  serialNumber?: string;

  @Field(() => String, { nullable: true, description: "The company's asset ID." })
  @IsOptional()
  @AtMost(IDENTIFIER_MAX)
  assetId?: string;

  @Field(() => String, { nullable: true, description: 'IMEI of a mobile device.' })
  @IsOptional()
  @AtMost(IMEI_MAX)
  imei?: string;

  @Field(() => String, { nullable: true, description: 'Custom metadata field 1.' })
  @IsOptional()
  @AtMost(TEXT_MAX)
  customField1?: string;

  @Field(() => String, { nullable: true, description: 'Custom metadata field 2.' })
  @IsOptional()
  @AtMost(TEXT_MAX)
  customField2?: string;

  @Field(() => Boolean, { nullable: true, description: 'True to mark the device for legal hold (upstream `is_legal_hold` 1).' })
  legalHold?: boolean;
}

@InputType({ description: 'An employee who must return devices, with the address the recovery kit goes to.' })
export class RecoveryEmployeeInput {
  @Field(() => String, { description: 'Email address; unique within a campaign.' })
  @IsDefined(REQUIRED)
  @AtMost(EMAIL_MAX)
  @IsEmail({}, { message: 'must be a valid email address' })
  email!: string;

  @Field(() => String, { description: 'First name.' })
  @IsDefined(REQUIRED)
  @AtMost(NAME_MAX)
  firstName!: string;

  @Field(() => String, { description: 'Last name.' })
  @IsDefined(REQUIRED)
  @AtMost(NAME_MAX)
  lastName!: string;

  @Field(() => String, { description: 'Phone number, possible for `country` (or international, starting with +).' })
  @IsDefined(REQUIRED)
  @IsPossiblePhoneFor('country')
  phone!: string;

  @Field(() => String, { description: 'First address line.' })
  @IsDefined(REQUIRED)
  @AtMost(TEXT_MAX)
  addressLine1!: string;

  @Field(() => String, { nullable: true, description: 'Second address line.' })
  @IsOptional()
  @AtMost(TEXT_MAX)
  addressLine2?: string;

  @Field(() => String, { description: 'City.' })
  @IsDefined(REQUIRED)
  @AtMost(NAME_MAX)
  city!: string;

  @Field(() => String, {
    nullable: true,
    description:
      'State or region, by name or ISO 3166-2 code (`California`, `CA`; accents and case ignored). Required unless `country` is GB; for GB it is passed through unchecked.',
  })
  @ValidateIf((employee: RecoveryEmployeeInput) => !isGB(employee.country))
  @IsDefined({ message: 'is required unless country is GB' })
  @IsSubdivisionOf('country')
  state?: string;

  @Field(() => String, { description: 'ZIP or postal code (required for every country, GB included).' })
  @IsDefined(REQUIRED)
  @AtMost(ZIP_MAX)
  zip!: string;

  @Field(() => String, { description: 'ISO 3166-1 alpha-2 country code, any case (`US`, `gb`).' })
  @IsDefined(REQUIRED)
  @IsISO31661Alpha2({ message: 'must be an ISO 3166-1 alpha-2 country code such as US, GB or IN' })
  country!: string;

  @Field(() => RecoveryReason, { nullable: true, description: 'Why the devices are recovered.' })
  @IsOptional()
  recoveryReason?: RecoveryReason;

  @Field(() => String, { nullable: true, description: 'Required when `recoveryReason` is OTHER; refused otherwise.' })
  @ValidateIf((employee: RecoveryEmployeeInput) => needsNote(employee) || employee.recoveryReasonNote !== undefined)
  // Decorators register bottom-up: the presence rule is checked first, the length only if it holds.
  @AtMost(NOTE_MAX)
  @RequiredOnlyWhen(needsNote, 'recoveryReason is OTHER')
  recoveryReasonNote?: string;

  @Field(() => [RecoveryItemInput], { description: `The items to return: 1 to ${MAX_ITEMS_PER_EMPLOYEE}.` })
  @IsDefined(REQUIRED)
  @ArrayMinSize(1, { message: 'must list at least 1 item' })
  @ArrayMaxSize(MAX_ITEMS_PER_EMPLOYEE, { message: `must list at most ${MAX_ITEMS_PER_EMPLOYEE} items` })
  @ValidateNested({ each: true })
  items!: RecoveryItemInput[];
}
