/**
 * Reconciling a repeated write whose first outcome nobody knew (5xx, timeout, the answer lost on the way
 * back). Before the first attempt of a write with an idempotencyKey, the gateway notes which of its
 * emails the campaign already holds (one read of the campaign's employees per 100). If that attempt's
 * outcome is unknown, the note stays with the key. When the client repeats the write with the same key
 * and input and the upstream answers 409, the employees that were not in the campaign before are the
 * ones the lost write added: their recovery codes are returned (`reconciled: true`), nothing is written
 * twice. An email that was already in the campaign before the first attempt is a real conflict:
 * CONFLICT, as always. Writes without a key are not reconciled (there is nothing to tie the repeat to).
 */
import { ErrorCode, GatewayError, isUpstreamNotFound } from '../../core/errors';
import { normalizeId } from '../../core/normalize';
import { MAX_PAGE_SIZE } from '../../core/graph/page-args';
import type { WriteContext } from './employee-add';
import { fetchCampaignDetails } from './rest';

interface Reconciled<T> {
  result: T;
  reconciled: boolean;
}

/** A write to a campaign: its idempotency key and input, and the emails it adds. */
export interface CampaignWrite {
  key: string | undefined;
  input: unknown;
  campaignNumber: string;
  emails: string[];
}

/**
 * Sends a write at most once per key and input (core/idempotency), reconciling a 409 that a lost
 * earlier attempt explains; `fromCodes` builds the result from the codes found in the campaign. A
 * reconciled result counts as replayed.
 */
export async function writeAtMostOnce<T>(
  ctx: WriteContext,
  write: CampaignWrite,
  send: () => Promise<T>,
  fromCodes: (codes: string[]) => T,
): Promise<{ result: T; replayed: boolean; reconciled: boolean }> {
  const { result, replayed } = await ctx.idempotency.run(ctx.principal, write.key, write.input, () =>
    reconciling(ctx, write, send, fromCodes),
  );
  return { result: result.result, replayed: replayed || result.reconciled, reconciled: result.reconciled };
}

async function reconciling<T>(
  ctx: WriteContext,
  write: CampaignWrite,
  send: () => Promise<T>,
  fromCodes: (codes: string[]) => T,
): Promise<Reconciled<T>> {
  const { key, input, campaignNumber } = write;
  if (!key || !ctx.principal) return { result: await send(), reconciled: false };
  const emails = write.emails.map((email) => email.toLowerCase());
  const earlier = await ctx.idempotency.unknownOutcomeOf<string[]>(ctx.principal, key, input);
  const before = earlier ?? (await alreadyEnrolled(ctx, campaignNumber, emails));
  try {
    return { result: await send(), reconciled: false };
  } catch (error) {
    if (error instanceof GatewayError && error.extensions.outcome === 'UNKNOWN') {
      await ctx.idempotency.rememberUnknown(ctx.principal, key, input, before);
    }
    if (!earlier || !(error instanceof GatewayError) || error.code !== ErrorCode.CONFLICT) throw error;
    const codes = await recoveryCodesByEmail(ctx, campaignNumber);
    const ours = emails.every((email) => !before.includes(email) && codes.has(email));
    if (!ours) throw error;
    return { result: fromCodes(emails.map((email) => codes.get(email)!)), reconciled: true };
  }
}

async function alreadyEnrolled(ctx: WriteContext, campaignNumber: string, emails: string[]): Promise<string[]> {
  const codes = await recoveryCodesByEmail(ctx, campaignNumber);
  return emails.filter((email) => codes.has(email));
}

/** Every employee of the campaign (pages of 100), by lower-case email; empty for an unknown campaign. */
async function recoveryCodesByEmail(ctx: WriteContext, campaignNumber: string): Promise<Map<string, string>> {
  const codes = new Map<string, string>();
  try {
    for (let page = 1; ; page += 1) {
      const raw = await fetchCampaignDetails(ctx.upstream, { campaignNumber, page, limit: MAX_PAGE_SIZE });
      for (const employee of raw.employees ?? []) {
        const code = normalizeId(employee.recovery_id);
        if (employee.email && code) codes.set(employee.email.toLowerCase(), code);
      }
      if (page >= Number(raw.total_pages) || !raw.employees?.length) return codes;
    }
  } catch (error) {
    if (isUpstreamNotFound(error)) return codes;
    throw error;
  }
}
