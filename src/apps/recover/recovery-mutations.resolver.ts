import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { missingToken } from '../auth/credentials';
import type { GatewayContext } from '../../context';
import { normalizeId } from '../../core/normalize';
import { AddRecoveryEmployeeInput, BulkAddRecoveryEmployeesInput } from './recovery-mutations.input';
import { AddRecoveryEmployeePayload, BulkAddRecoveryEmployeesPayload } from './recovery-mutations.type';
import { postAddEmployee, postBulkAdd } from './rest';
import { explainWriteFailure, unexpectedWriteAnswer } from './write-errors';
import { toEmployeeWrite } from './write-map';

/**
 * Input is validated before these run (core/validation/validate-input.ts): a resolver only sees
 * input that passed every rule, so nothing invalid reaches the upstream. Writes are never retried.
 */
@Resolver()
export class RecoveryMutationsResolver {
  @Mutation(() => AddRecoveryEmployeePayload, { description: 'Adds one employee to a recovery campaign.' })
  async addRecoveryEmployee(
    @Arg('input', () => AddRecoveryEmployeeInput) input: AddRecoveryEmployeeInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<AddRecoveryEmployeePayload> {
    const body = toEmployeeWrite(input.campaignNumber, input.employee);
    const { result, replayed } = await writeOnce(ctx, input.idempotencyKey, { addRecoveryEmployee: body }, async () => {
      const answer = await postAddEmployee(ctx.upstream, body).catch((error: unknown) => {
        throw explainWriteFailure(error, 'employee');
      });
      const recoveryCode = normalizeId(answer.recovery_code);
      if (!recoveryCode) throw unexpectedWriteAnswer('sent no recovery code');
      return { recoveryCode, message: typeof answer.message === 'string' ? answer.message : null };
    });
    await forgetCampaign(ctx, input.campaignNumber);
    return { ...result, replayed };
  }

  @Mutation(() => BulkAddRecoveryEmployeesPayload, {
    description: 'Adds 1 to 100 employees to a recovery campaign in one upstream request; every row is validated first.',
  })
  async bulkAddRecoveryEmployees(
    @Arg('input', () => BulkAddRecoveryEmployeesInput) input: BulkAddRecoveryEmployeesInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<BulkAddRecoveryEmployeesPayload> {
    const users = input.employees.map((employee) => toEmployeeWrite(input.campaignNumber, employee));
    const body = { campaign_number: Number(input.campaignNumber), users };
    const { result, replayed } = await writeOnce(ctx, input.idempotencyKey, { bulkAddRecoveryEmployees: body }, async () => {
      const answer = await postBulkAdd(ctx.upstream, body).catch((error: unknown) => {
        throw explainWriteFailure(error, 'employees');
      });
      const codes = Array.isArray(answer.recovery_codes) ? answer.recovery_codes.map(normalizeId) : [];
      if (codes.length !== users.length || codes.some((code) => code === null)) {
        throw unexpectedWriteAnswer(`sent ${codes.length} recovery codes for ${users.length} employees`, { recoveryCodes: codes });
      }
      return codes as string[];
    });
    await forgetCampaign(ctx, input.campaignNumber);
    return {
      recoveryCodes: result,
      results: input.employees.map((employee, index) => ({ email: employee.email, recoveryCode: result[index] })),
      replayed,
    };
  }
}

/** Without a key, writes once; with one, at most once per principal and key (see core/idempotency.ts). */
async function writeOnce<T>(ctx: GatewayContext, key: string | undefined, input: unknown, write: () => Promise<T>) {
  if (!key) return { result: await write(), replayed: false };
  if (!ctx.principal) throw missingToken();
  return ctx.idempotency.run(ctx.principal, key, input, write);
}

/** The campaign's details and the list's counts are stale after a write, for every caller. */
async function forgetCampaign(ctx: GatewayContext, campaignNumber: string): Promise<void> {
  await ctx.upstream.forget(`/recover/employees/details/${campaignNumber}`);
  await ctx.upstream.forget('/recover/campaigns');
  ctx.recover.campaignDetails.clearAll();
  ctx.recover.listedCampaign.clearAll();
}
