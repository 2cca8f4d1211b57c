/** One generic page type: `Page(User, ...)` is the schema's `UserPage { items pageInfo }`. */
import { Field, ObjectType, type ClassType } from 'type-graphql';
import { PageInfo } from './page-info.type';

export interface PageOf<Item> {
  items: Item[];
  pageInfo: PageInfo;
}

export function Page<Item extends object>(
  itemType: ClassType<Item>,
  names: { typeName: string; description: string; itemsDescription: string },
): ClassType<PageOf<Item>> {
  @ObjectType(names.typeName, { simpleResolvers: true, description: names.description })
  class PageType implements PageOf<Item> {
    @Field(() => [itemType], { description: names.itemsDescription })
    items!: Item[];

    @Field(() => PageInfo, { description: 'Where this page sits in the list.' })
    pageInfo!: PageInfo;
  }
  return PageType;
}
