/**
 * Adding employees to a recovery campaign: input (already validated) -> wire body -> one POST, at most
 * once per idempotency key (a repeat after an unknown outcome is reconciled: employee-add.reconcile.ts)
 * -> the payload. The session forgets the campaign's stale reads (rest.ts declares which) after a
 * write that succeeded or whose outcome is unknown; writes are never retried.
 */
import type { UpstreamSession } from '../../core/upstream/session';
import type { IdempotencyStore } from '../../core/idempotency';
import { normalizeId } from '../../core/normalize';
import { explainWriteFailure, unexpectedWriteAnswer } from './employee-add.errors';
import { writeAtMostOnce } from './employee-add.reconcile';
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
  const write = {
    key: input.idempotencyKey,
    input: { addRecoveryEmployee: body },
    campaignNumber: input.campaignNumber,
    emails: [body.email],
  };
  const { result, replayed, reconciled } = await writeAtMostOnce(
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
  );
  return { ...result, replayed, reconciled };
}

export async function bulkAddRecoveryEmployees(
  ctx: WriteContext,
  input: BulkAddRecoveryEmployeesInput,
): Promise<BulkAddRecoveryEmployeesPayload> {
  const users = input.employees.map((employee) => toEmployeeWrite(input.campaignNumber, employee));
  const body = { campaign_number: Number(input.campaignNumber), users };
  const emails = users.map((user) => user.email);
  const write = { key: input.idempotencyKey, input: { bulkAddRecoveryEmployees: body }, campaignNumber: input.campaignNumber, emails };
  const {
    result: codes,
    replayed,
    reconciled,
  } = await writeAtMostOnce(
    ctx,
    write,
    async () => {
      const answer = await postBulkAdd(ctx.upstream, body).catch((error: unknown) => {
        throw explainWriteFailure(error, 'employees');
      });
      const received = Array.isArray(answer.recovery_codes) ? answer.recovery_codes.map(normalizeId) : [];
      if (received.length !== users.length || received.some((code) => code === null)) {
        throw unexpectedWriteAnswer(bulkAddEndpoint.name, `sent ${received.length} recovery codes for ${users.length} employees`, received);
      }
      return received as string[];
    },
    (found) => found,
  );
  return {
    recoveryCodes: codes,
    results: input.employees.map((employee, index) => ({ email: employee.email, recoveryCode: codes[index] })),
    replayed,
    reconciled,
  };
}
