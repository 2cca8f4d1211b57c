import { IsDefined } from 'class-validator';
import { ArgsType, Field, ID } from 'type-graphql';
import { IsCampaignNumber } from './campaign-number';

@ArgsType()
export class CampaignArgs {
  @Field(() => ID, { description: 'The campaign number.' })
  @IsDefined({ message: 'is required' })
  @IsCampaignNumber()
  campaignNumber!: string;
}
