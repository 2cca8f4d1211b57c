/**
 * Edge validation of pagination arguments, shared by every paginated field: the upstream's answer to
 * a page of 0 or a limit of 10,000 is undocumented, so such values never reach it.
 */
import { badUserInput } from '../errors';

export const DEFAULT_PAGE_SIZE = 10;
export const MAX_PAGE_SIZE = 100;

export function checkPage(page: number, argument = 'page'): number {
  if (!Number.isInteger(page) || page < 1) {
    throw badUserInput(`\`${argument}\` must be 1 or more (got ${page})`, [{ path: argument, message: 'must be 1 or more' }]);
  }
  return page;
}

export function checkLimit(limit: number, argument = 'limit'): number {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw badUserInput(`\`${argument}\` must be between 1 and ${MAX_PAGE_SIZE} (got ${limit})`, [
      { path: argument, message: `must be between 1 and ${MAX_PAGE_SIZE}` },
    ]);
  }
  return limit;
}
