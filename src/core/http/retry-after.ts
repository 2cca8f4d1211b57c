/**
 * An upstream's `Retry-After` (RFC 9110: delay-seconds or an HTTP date), as milliseconds from now,
 * capped so that one odd header cannot park calls for an hour. Undefined when absent or unreadable.
 */

/** The longest wait a Retry-After may impose; past it the call fails and says so instead. */
export const MAX_RETRY_AFTER_MS = 10_000;

export function parseRetryAfter(value: string | null | undefined, nowMs: number, capMs = MAX_RETRY_AFTER_MS): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  const ms = /^\d+$/.test(text) ? Number(text) * 1000 : Date.parse(text) - nowMs;
  if (!Number.isFinite(ms)) return undefined;
  return Math.min(Math.max(0, ms), capMs);
}
