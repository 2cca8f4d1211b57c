/**
 * What a failed write means for the person who sent it. The status -> code mapping stays in
 * core/errors.ts; this adds what only a write knows: which input fields a 422 names, and that after a
 * 5xx or a timeout nobody knows whether the employees were added.
 */
import { badUserInput, ErrorCode, GatewayError, UpstreamError } from '../../core/errors';
import { upstreamFieldErrors } from './write-map';

export function explainWriteFailure(error: unknown, employeeRoot: 'employee' | 'employees'): unknown {
  if (!(error instanceof UpstreamError)) return error;
  const upstream = error.extensions.upstream;
  switch (error.code) {
    case ErrorCode.BAD_USER_INPUT: {
      const refused = badUserInput(error.message, upstreamFieldErrors(error.failure.body, employeeRoot));
      Object.assign(refused.extensions, { upstream });
      return refused;
    }
    case ErrorCode.UPSTREAM_ERROR:
    case ErrorCode.UPSTREAM_TIMEOUT:
      return new GatewayError(
        error.code,
        `${error.message}. The outcome is unknown: the employees may or may not have been added. ` +
          'Check the campaign before sending again, or repeat with the same idempotencyKey.',
        { upstream, outcome: 'UNKNOWN' },
      );
    default:
      return error;
  }
}

/** The upstream said yes but not in the documented shape: the write happened, the codes are unclear. */
export function unexpectedWriteAnswer(detail: string, extra: Record<string, unknown> = {}): GatewayError {
  return new GatewayError(
    ErrorCode.UPSTREAM_ERROR,
    `The Unduit API accepted the write but ${detail}; the employees were probably added. Check the campaign before sending again.`,
    { outcome: 'PROBABLY_APPLIED', ...extra },
  );
}
