/** The inputs of the two mutations that add employees to a recovery campaign. */
import { ArrayMaxSize, ArrayMinSize, IsDefined, IsOptional, MaxLength, ValidateNested } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import type { FieldError } from '../../core/errors';
import { IDEMPOTENCY_WINDOW_HOURS, MAX_IDEMPOTENCY_KEY_LENGTH } from '../../core/idempotency';
import type { CrossChecked } from '../../core/validation/validate-input';
import { IsCampaignNumber } from './campaign-number';
import { RecoveryEmployeeInput } from './employee-add.employee.input';
import { MAX_EMPLOYEES_PER_BULK_ADD } from './limits';

const idempotencyKeyMessage = { message: `must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters` };

@InputType({ description: 'Adds one employee to a recovery campaign.' })
export class AddRecoveryEmployeeInput {
  @Field(() => ID, { description: 'The campaign to add the employee to.' })
  @IsDefined({ message: 'is required' })
  @IsCampaignNumber()
  campaignNumber!: string;

  @Field(() => RecoveryEmployeeInput, { description: 'The employee.' })
  @IsDefined({ message: 'is required' })
  @ValidateNested()
  employee!: RecoveryEmployeeInput;

  @Field(() => String, {
    nullable: true,
    description: `Optional. Repeating the same mutation with the same key within ${IDEMPOTENCY_WINDOW_HOURS} h returns the first result without writing again; the same key with different input is refused (CONFLICT).`,
  })
  @IsOptional()
  @MaxLength(MAX_IDEMPOTENCY_KEY_LENGTH, idempotencyKeyMessage)
  idempotencyKey?: string;
}

@InputType({ description: `Adds 1 to ${MAX_EMPLOYEES_PER_BULK_ADD} employees to a recovery campaign in one upstream request.` })
export class BulkAddRecoveryEmployeesInput implements CrossChecked {
  @Field(() => ID, { description: 'The campaign to add the employees to.' })
  @IsDefined({ message: 'is required' })
  @IsCampaignNumber()
  campaignNumber!: string;

  @Field(() => [RecoveryEmployeeInput], { description: `The employees: 1 to ${MAX_EMPLOYEES_PER_BULK_ADD}, each email once.` })
  @IsDefined({ message: 'is required' })
  @ArrayMinSize(1, { message: 'must list at least 1 employee' })
  @ArrayMaxSize(MAX_EMPLOYEES_PER_BULK_ADD, { message: `must list at most ${MAX_EMPLOYEES_PER_BULK_ADD} employees` })
  @ValidateNested({ each: true })
  employees!: RecoveryEmployeeInput[];

  @Field(() => String, { nullable: true, description: 'Optional; as for `addRecoveryEmployee`.' })
  @IsOptional()
  @MaxLength(MAX_IDEMPOTENCY_KEY_LENGTH, idempotencyKeyMessage)
  idempotencyKey?: string;

  /** The same email twice in one batch is refused: the upstream would reject or duplicate it. */
  crossCheck(): FieldError[] {
    const firstIndex = new Map<string, number>();
    const errors: FieldError[] = [];
    this.employees.forEach((employee, index) => {
      const email = employee.email.toLowerCase();
      const first = firstIndex.get(email);
      if (first === undefined) firstIndex.set(email, index);
      else
        errors.push({
          path: `employees.${index}.email`,
          message: `repeats employees.${first}.email; each email may appear once per batch`,
        });
    });
    return errors;
  }
}
