/**
 * Adding employees to a recovery campaign: input (already validated) -> wire body -> one POST, at most
 * once per idempotency key (a repeat after an unknown outcome is reconciled: employee-add.reconcile.ts)
 * -> the payload. The session forgets the campaign's stale reads after a
 * successful write (rest.ts declares which); writes are never retried.
 */
import type { UpstreamSession } from '../../core/http/upstream-session';
import type { IdempotencyStore } from '../../core/idempotency';
import { normalizeId } from '../../core/normalize';
import { explainWriteFailure, unexpectedWriteAnswer } from './employee-add.errors';
import { writeReconciling } from './employee-add.reconcile';
import type { AddRecoveryEmployeeInput, BulkAddRecoveryEmployeesInput } from './employee-add.input';
import type { AddRecoveryEmployeePayload, BulkAddRecoveryEmployeesPayload } from './employee-add.type';
import { toEmployeeWrite } from './employee-add.wire';
import { addEmployeeEndpoint, bulkAddEndpoint, postAddEmployee, postBulkAdd } from './rest';

/** What a write needs of the GraphQL request: its upstream session, and who it acts as. */
export interface WriteContext {
  upstream: UpstreamSession;
  idempotency: IdempotencyStore;
  principal: string | null;
}

export async function addRecoveryEmployee(ctx: WriteContext, input: AddRecoveryEmployeeInput): Promise<AddRecoveryEmployeePayload> {
  const body = toEmployeeWrite(input.campaignNumber, input.employee);
  const idempotent = { addRecoveryEmployee: body };
  const write = { key: input.idempotencyKey, input: idempotent, campaignNumber: input.campaignNumber, emails: [body.email] };
  const { result, replayed } = await ctx.idempotency.run(ctx.principal, input.idempotencyKey, idempotent, () =>
    writeReconciling(
      ctx,
      write,
      async () => {
        const answer = await postAddEmployee(ctx.upstream, body).catch((error: unknown) => {
          throw explainWriteFailure(error, 'employee');
        });
        const recoveryCode = normalizeId(answer.recovery_code);
        if (!recoveryCode) throw unexpectedWriteAnswer(addEmployeeEndpoint.name, 'sent no recovery code');
        return { recoveryCode, message: typeof answer.message === 'string' ? answer.message : null };
      },
      ([recoveryCode]) => ({ recoveryCode, message: null }),
    ),
  );
  return { ...result.result, replayed: replayed || result.reconciled, reconciled: result.reconciled };
}

export async function bulkAddRecoveryEmployees(
  ctx: WriteContext,
  input: BulkAddRecoveryEmployeesInput,
): Promise<BulkAddRecoveryEmployeesPayload> {
  const users = input.employees.map((employee) => toEmployeeWrite(input.campaignNumber, employee));
  const body = { campaign_number: Number(input.campaignNumber), users };
  const idempotent = { bulkAddRecoveryEmployees: body };
  const write = { key: input.idempotencyKey, input: idempotent, campaignNumber: input.campaignNumber, emails: users.map((user) => user.email) };
  const { result, replayed } = await ctx.idempotency.run(ctx.principal, input.idempotencyKey, idempotent, () =>
    writeReconciling(
      ctx,
      write,
      async () => {
        const answer = await postBulkAdd(ctx.upstream, body).catch((error: unknown) => {
          throw explainWriteFailure(error, 'employees');
        });
        const codes = Array.isArray(answer.recovery_codes) ? answer.recovery_codes.map(normalizeId) : [];
        if (codes.length !== users.length || codes.some((code) => code === null)) {
          throw unexpectedWriteAnswer(bulkAddEndpoint.name, `sent ${codes.length} recovery codes for ${users.length} employees`, codes);
        }
        return codes as string[];
      },
      (codes) => codes,
    ),
  );
  const codes = result.result;
  return {
    recoveryCodes: codes,
    results: input.employees.map((employee, index) => ({ email: employee.email, recoveryCode: codes[index] })),
    replayed: replayed || result.reconciled,
    reconciled: result.reconciled,
  };
}
