/**
 * Relay-style connections over the upstream's page-numbered lists, for infinite lists and whole data
 * sets: `first` (1 to 1,000) and `after`, `edges { cursor node }`, `nodes`, `totalCount` and
 * `pageInfo { hasNextPage hasPreviousPage startCursor endCursor }`. The upstream pages it needs are
 * fetched at once (the session and the traffic policy cap what is in flight).
 *
 * A cursor is the item's position in the list (opaque: base64url of `v1:<list>:<offset>`), the only
 * identity a page-numbered API offers. Stable while the list does not move; if rows are inserted
 * (or removed) before it between two requests, the next page starts that many rows later (earlier),
 * so a row may be seen twice or skipped, as with the page numbers themselves. Forward only: the
 * upstream has no reverse order, so `last`/`before` are not offered.
 *
 * The connection's page info is `ConnectionPageInfo`: `PageInfo` has named the page-number lists'
 * metadata since the first release, and renaming it would break every client's fragments.
 */
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { ArgsType, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { badUserInput } from '../errors';

export const DEFAULT_CONNECTION_SIZE = 100;
export const MAX_CONNECTION_SIZE = 1_000;

@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, { nullable: true, defaultValue: DEFAULT_CONNECTION_SIZE, description: `How many items, 1 to ${MAX_CONNECTION_SIZE}.` })
  @IsOptional()
  @IsInt()
  @Min(1, { message: `must be between 1 and ${MAX_CONNECTION_SIZE}` })
  @Max(MAX_CONNECTION_SIZE, { message: `must be between 1 and ${MAX_CONNECTION_SIZE}` })
  first?: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'The items after this cursor (an `endCursor` or an edge `cursor` of the same list).',
  })
  @IsOptional()
  after?: string | null;
}

@ObjectType({ simpleResolvers: true, description: 'Where a connection page sits (Relay connection spec).' })
export class ConnectionPageInfo {
  @Field(() => Boolean, { description: 'True when items follow the last one here: ask again with `after: endCursor`.' })
  hasNextPage!: boolean;

  @Field(() => Boolean, { description: 'True when items precede the first one here (this page began after a cursor).' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: "The first item's cursor; null when the page is empty." })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: "The last item's cursor, to pass as `after`; null when the page is empty." })
  endCursor!: string | null;
}

export interface EdgeOf<Item> {
  cursor: string;
  node: Item;
}

export interface ConnectionOf<Item> {
  edges: Array<EdgeOf<Item>>;
  nodes: Item[];
  totalCount: number;
  pageInfo: ConnectionPageInfo;
}

/** `Connection(User, 'User')` is the schema's `UserConnection` with its `UserEdge`. */
export function Connection<Item extends object>(itemType: ClassType<Item>, name: string): ClassType<ConnectionOf<Item>> {
  @ObjectType(`${name}Edge`, { simpleResolvers: true, description: `One ${name} and its cursor.` })
  class Edge implements EdgeOf<Item> {
    @Field(() => String, { description: 'Pass as `after` to continue after this item.' })
    cursor!: string;

    @Field(() => itemType, { description: `The ${name}.` })
    node!: Item;
  }

  @ObjectType(`${name}Connection`, { simpleResolvers: true, description: `A run of ${name} items (Relay connection).` })
  class ConnectionType implements ConnectionOf<Item> {
    @Field(() => [Edge], { description: 'The items, each with its cursor.' })
    edges!: Array<EdgeOf<Item>>;

    @Field(() => [itemType], { description: 'The items of `edges`, without their cursors.' })
    nodes!: Item[];

    @Field(() => Int, { description: 'Items in the whole list, as the upstream reports it.' })
    totalCount!: number;

    @Field(() => ConnectionPageInfo, { description: 'Whether more items follow, and the cursors to continue from.' })
    pageInfo!: ConnectionPageInfo;
  }
  return ConnectionType;
}

/** One upstream page of a list: its items and the list's total. */
export interface ListPage<Item> {
  items: Item[];
  totalCount: number;
}

/**
 * The connection page `args` asks of `list`, from the upstream pages of `pageSize` items covering it:
 * the first of them, which tells the list's length, then the others that exist, all at once.
 */
export async function connectionOf<Item>(
  list: string,
  args: ConnectionArgs,
  pageSize: number,
  fetchPage: (page: number) => Promise<ListPage<Item>>,
): Promise<ConnectionOf<Item>> {
  const first = args.first ?? DEFAULT_CONNECTION_SIZE;
  const start = startOf(list, args.after);
  const firstPage = pageAt(start, pageSize);
  const lastPage = pageAt(start + first - 1, pageSize);
  const head = await fetchPage(firstPage);
  const existing = Math.min(lastPage, Math.ceil(head.totalCount / pageSize));
  const rest = await Promise.all(Array.from({ length: Math.max(0, existing - firstPage) }, (_, i) => fetchPage(firstPage + 1 + i)));
  const pages = [head, ...rest];
  const items = pages.flatMap((page) => page.items).slice(start - (firstPage - 1) * pageSize, start - (firstPage - 1) * pageSize + first);
  const totalCount = pages[0]?.totalCount ?? 0;
  const edges = items.map((node, index) => ({ node, cursor: cursorOf(list, start + index) }));
  return {
    edges,
    nodes: items,
    totalCount,
    pageInfo: {
      hasNextPage: start + items.length < totalCount,
      hasPreviousPage: start > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

/** The offset a connection of `list` starts at: 0, or just after its `after` cursor (BAD_USER_INPUT for another list's). */
export function startOf(list: string, after: string | null | undefined): number {
  return after ? offsetOf(list, after) + 1 : 0;
}

/** The upstream page (1-based, of `pageSize` items) that holds the item at `offset`. */
export function pageAt(offset: number, pageSize: number): number {
  return Math.floor(offset / pageSize) + 1;
}

export function cursorOf(list: string, offset: number): string {
  return Buffer.from(`v1:${list}:${offset}`).toString('base64url');
}

/** The offset a cursor of `list` stands for; BAD_USER_INPUT for anything else (another list's cursor included). */
export function offsetOf(list: string, cursor: string): number {
  const match = /^v1:([a-z0-9-]+):(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match || match[1] !== list) {
    throw badUserInput(`after is not a cursor of this list (${list}); pass an endCursor or edge cursor it returned`, [
      { path: 'after', message: 'is not a cursor of this list' },
    ]);
  }
  return Number(match[2]);
}
