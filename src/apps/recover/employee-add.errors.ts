/**
 * What a failed write means for the person who sent it. The status -> code mapping stays in
 * core/errors.ts; this adds what only a write knows: which input fields a 422 names, and that after a
 * 5xx or a timeout nobody knows whether the employees were added.
 */
import { badUserInput, ErrorCode, upstreamContractBroken, UpstreamError, type GatewayError } from '../../core/errors';
import { upstreamFieldErrors } from './employee-add.wire';

export function explainWriteFailure(error: unknown, employeeRoot: 'employee' | 'employees'): unknown {
  if (!(error instanceof UpstreamError)) return error;
  switch (error.code) {
    case ErrorCode.BAD_USER_INPUT:
      return badUserInput(error.message, upstreamFieldErrors(error.failure.body, employeeRoot), { upstream: error.extensions.upstream });
    case ErrorCode.UPSTREAM_ERROR:
    case ErrorCode.UPSTREAM_TIMEOUT:
      return error.withUnknownOutcome(
        'The outcome is unknown: the employees may or may not have been added. ' +
          'Check the campaign before sending again, or repeat with the same idempotencyKey.',
      );
    default:
      return error;
  }
}

/** The upstream said yes but not in the documented shape: the write happened, the codes are unclear. */
export function unexpectedWriteAnswer(endpoint: string, detail: string, recoveryCodes?: Array<string | null>): GatewayError {
  return upstreamContractBroken(endpoint, `${detail}; the employees were probably added. Check the campaign before sending again.`, {
    outcome: 'PROBABLY_APPLIED',
    ...(recoveryCodes ? { recoveryCodes } : {}),
  });
}
