/**
 * Pagination arguments shared by every paginated field, and their edge validation: the upstream's
 * answer to a page of 0 or a limit of 10,000 is undocumented, so such values never reach it.
 */
import { ArgsType, Field, Int } from 'type-graphql';
import { badUserInput } from '../errors';

export const DEFAULT_PAGE_SIZE = 10;
export const MAX_PAGE_SIZE = 100;

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, defaultValue: 1, description: 'Page number, from 1.' })
  page?: number | null;
}

@ArgsType()
export class PageAndLimitArgs extends PageArgs {
  @Field(() => Int, { nullable: true, defaultValue: DEFAULT_PAGE_SIZE, description: `Records per page, 1 to ${MAX_PAGE_SIZE}.` })
  limit?: number | null;
}

export function checkPage(page: number | null | undefined): number {
  const value = page ?? 1;
  if (!Number.isInteger(value) || value < 1) {
    throw badUserInput(`\`page\` must be 1 or more (got ${value})`, [{ path: 'page', message: 'must be 1 or more' }]);
  }
  return value;
}

export function checkLimit(limit: number | null | undefined): number {
  const value = limit ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(value) || value < 1 || value > MAX_PAGE_SIZE) {
    throw badUserInput(`\`limit\` must be between 1 and ${MAX_PAGE_SIZE} (got ${value})`, [
      { path: 'limit', message: `must be between 1 and ${MAX_PAGE_SIZE}` },
    ]);
  }
  return value;
}
