import { Field, Int, ObjectType } from 'type-graphql';
import { normalizeInt } from '../normalize';

@ObjectType({ simpleResolvers: true, description: 'Where a page sits in a paginated upstream list.' })
export class PageInfo {
  @Field(() => Int, { description: 'This page, counted from 1.' })
  page!: number;

  @Field(() => Int, { description: 'Records per page requested from the upstream.' })
  limit!: number;

  @Field(() => Int, { description: 'Number of pages the upstream reports.' })
  totalPages!: number;

  @Field(() => Int, { description: 'Number of records across all pages, as the upstream reports it.' })
  totalCount!: number;

  @Field(() => Boolean, { description: 'True when a page after this one exists.' })
  hasNextPage!: boolean;
}

/** Page metadata from the upstream's counters; pages past the end report no next page. */
export function pageInfo(page: number, limit: number, totalPages: unknown, totalCount: unknown): PageInfo {
  const pages = toCount(totalPages);
  return { page, limit, totalPages: pages, totalCount: toCount(totalCount), hasNextPage: page < pages };
}

/** Counters may arrive as numbers or numeric strings; absent or negative ones count as 0. */
function toCount(value: unknown): number {
  return Math.max(0, normalizeInt(value) ?? 0);
}
