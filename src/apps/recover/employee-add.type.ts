import { Field, ID, ObjectType } from 'type-graphql';

const RECONCILED =
  'True when an earlier call with this idempotencyKey ended with an unknown outcome and its employees were found in the campaign: the codes are theirs, nothing was written twice (replayed is then true too).';

@ObjectType({ simpleResolvers: true, description: 'The result of adding one employee to a recovery campaign.' })
export class AddRecoveryEmployeePayload {
  @Field(() => ID, { description: "The new recovery's code, for tracking its status." })
  recoveryCode!: string;

  @Field(() => String, { nullable: true, description: "The upstream's message, for display only." })
  message!: string | null;

  @Field(() => Boolean, { description: 'True when this is the remembered result of an earlier call with the same idempotencyKey.' })
  replayed!: boolean;

  @Field(() => Boolean, { description: RECONCILED })
  reconciled!: boolean;
}

@ObjectType({ simpleResolvers: true, description: 'An employee of a bulk add, paired with its recovery code.' })
export class BulkAddResult {
  @Field(() => String, { description: 'The email given for this employee.' })
  email!: string;

  @Field(() => ID, { description: "This employee's recovery code." })
  recoveryCode!: string;
}

@ObjectType({ simpleResolvers: true, description: 'The result of adding employees in bulk.' })
export class BulkAddRecoveryEmployeesPayload {
  @Field(() => [ID], { description: 'Recovery codes, in the order of the input employees.' })
  recoveryCodes!: string[];

  @Field(() => [BulkAddResult], { description: 'Each input email with its recovery code, in input order.' })
  results!: BulkAddResult[];

  @Field(() => Boolean, { description: 'True when this is the remembered result of an earlier call with the same idempotencyKey.' })
  replayed!: boolean;

  @Field(() => Boolean, { description: RECONCILED })
  reconciled!: boolean;
}
