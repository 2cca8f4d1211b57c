import { Field, ObjectType } from 'type-graphql';
import { Address } from '../../core/graph/address.type';
import { Connection, type ConnectionOf } from '../../core/graph/connection';
import { Page, type PageOf } from '../../core/graph/page.type';
import { UpstreamCost } from '../../core/graph/query-cost';
import { Asset } from './asset.type';

@ObjectType({ simpleResolvers: true, description: "A person in the company's Unduit account (Manage app: Users List)." })
export class User {
  @Field(() => String, { description: 'Email address; the key that links users to assets and recovery employees.' })
  email!: string;

  @Field(() => String, { nullable: true, description: 'First name.' })
  firstName!: string | null;

  @Field(() => String, { nullable: true, description: 'Last name.' })
  lastName!: string | null;

  @Field(() => String, { nullable: true, description: 'Phone number (the upstream calls it `ContactInfo`).' })
  phone!: string | null;

  @Field(() => String, { nullable: true, description: 'ISO country code of the phone number, e.g. `US`.' })
  phoneCountryCode!: string | null;

  @Field(() => String, { nullable: true, description: 'Name of the office location, when the user works at one.' })
  locationName!: string | null;

  @Field(() => String, { nullable: true, description: 'Kind of location, e.g. `Remote Employee`.' })
  locationType!: string | null;

  @Field(() => Address, { description: "The user's address." })
  address!: Address;

  @Field(() => [Asset], { description: 'Assets assigned to this user; empty when none.' })
  @UpstreamCost({ items: 5 })
  assignedAssets!: Asset[];
}

export const UserPage = Page(User, {
  typeName: 'UserPage',
  description: 'One page of users.',
  itemsDescription: 'The users on this page.',
});
export type UserPage = PageOf<User>;

export const UserConnection = Connection(User, 'User');
export type UserConnection = ConnectionOf<User>;
