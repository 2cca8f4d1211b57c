import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { UpstreamCost } from '../../core/graph/query-cost';
import type { GatewayContext } from '../../context';
import { MAX_EMPLOYEES_PER_BULK_ADD } from './limits';
import { addRecoveryEmployee, bulkAddRecoveryEmployees } from './employee-add';
import { AddRecoveryEmployeeInput, BulkAddRecoveryEmployeesInput } from './employee-add.input';
import { AddRecoveryEmployeePayload, BulkAddRecoveryEmployeesPayload } from './employee-add.type';

/**
 * Input is validated before these run (core/validation/validate-input.ts): a resolver only sees
 * input that passed every rule, so nothing invalid reaches the upstream.
 */
/** The POST, and with an idempotencyKey the campaign's employees read first (pages of 100; 2 for a bulk-add into a big campaign). */
const WRITE = { calls: 3 };

@Resolver()
export class EmployeeAddResolver {
  @Mutation(() => AddRecoveryEmployeePayload, { description: 'Adds one employee to a recovery campaign.' })
  @UpstreamCost(WRITE)
  addRecoveryEmployee(
    @Arg('input', () => AddRecoveryEmployeeInput) input: AddRecoveryEmployeeInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<AddRecoveryEmployeePayload> {
    return addRecoveryEmployee(ctx, input);
  }

  @Mutation(() => BulkAddRecoveryEmployeesPayload, {
    description: `Adds 1 to ${MAX_EMPLOYEES_PER_BULK_ADD} employees to a recovery campaign in one upstream request; every row is validated first.`,
  })
  @UpstreamCost(WRITE)
  bulkAddRecoveryEmployees(
    @Arg('input', () => BulkAddRecoveryEmployeesInput) input: BulkAddRecoveryEmployeesInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<BulkAddRecoveryEmployeesPayload> {
    return bulkAddRecoveryEmployees(ctx, input);
  }
}
