/**
 * Pagination arguments shared by every paginated field, with their rules beside them: the upstream's
 * answer to a page of 0 or a limit of 10,000 is undocumented, so such values never reach it.
 */
import { IsInt, IsOptional, Max, Min, validateSync } from 'class-validator';
import { ArgsType, Field, Int } from 'type-graphql';

export const DEFAULT_PAGE_SIZE = 10;
export const MAX_PAGE_SIZE = 100;

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, defaultValue: 1, description: 'Page number, from 1.' })
  @IsOptional()
  @IsInt()
  @Min(1, { message: 'must be 1 or more' })
  page?: number | null;
}

@ArgsType()
export class PageAndLimitArgs extends PageArgs {
  @Field(() => Int, { nullable: true, defaultValue: DEFAULT_PAGE_SIZE, description: `Records per page, 1 to ${MAX_PAGE_SIZE}.` })
  @IsOptional()
  @IsInt()
  @Min(1, { message: `must be between 1 and ${MAX_PAGE_SIZE}` })
  @Max(MAX_PAGE_SIZE, { message: `must be between 1 and ${MAX_PAGE_SIZE}` })
  limit?: number | null;
}

/** The page and size a validated `PageAndLimitArgs` asks for, defaults applied. */
export function pageAndLimit(args: PageAndLimitArgs): { page: number; limit: number } {
  return { page: args.page ?? 1, limit: args.limit ?? DEFAULT_PAGE_SIZE };
}

/** The same, for arguments read ahead of validation (lookahead); null when they break the rules above. */
export function validPageAndLimit(args: Record<string, unknown>): { page: number; limit: number } | null {
  const candidate = Object.assign(new PageAndLimitArgs(), { page: args.page ?? undefined, limit: args.limit ?? undefined });
  return validateSync(candidate).length ? null : pageAndLimit(candidate);
}
