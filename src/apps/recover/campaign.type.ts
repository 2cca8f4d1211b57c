import { GraphQLDate } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { Country } from '../../core/graph/country.type';
import { Connection, type ConnectionOf } from '../../core/graph/connection';
import { Page, type PageOf } from '../../core/graph/page.type';
import type { ReturnAddress } from './return-address.type';

/** What only the campaign details endpoint knows. */
export interface CampaignDetailsPart {
  helpdeskEmail: string | null;
  returnAddresses: ReturnAddress[];
}

@ObjectType({
  simpleResolvers: true,
  description:
    'A recovery campaign: a drive to get devices back from a group of employees (Recover app: Campaign List and Campaign Details).',
})
export class Campaign {
  @Field(() => ID, { description: 'Unique identifier of the campaign (14 digits today; treat it as opaque).' })
  campaignNumber!: string;

  @Field(() => String, { description: 'Title of the campaign.' })
  title!: string;

  @Field(() => GraphQLDate, { nullable: true, description: 'Day the campaign started.' })
  startDate!: Date | null;

  @Field(() => Country, { nullable: true, description: 'Country the campaign runs in.' })
  country!: Country | null;

  /** From the campaign list; the details endpoint does not carry it. Null when not yet known. */
  knownDeviceCount!: number | null;

  /** From the list (`total_employee`) or the details (`total_employees`). */
  knownEmployeeCount!: number | null;

  /** Null until the details endpoint has answered for this campaign. */
  details!: CampaignDetailsPart | null;
}

export const CampaignPage = Page(Campaign, {
  typeName: 'CampaignPage',
  description: 'One page of campaigns.',
  itemsDescription: 'The campaigns on this page.',
});
export type CampaignPage = PageOf<Campaign>;

export const CampaignConnection = Connection(Campaign, 'Campaign');
export type CampaignConnection = ConnectionOf<Campaign>;
