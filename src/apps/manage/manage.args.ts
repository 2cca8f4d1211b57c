import { ArgsType, Field } from 'type-graphql';
import { PageArgs } from '../../core/graph/page-args';

@ArgsType()
export class UsersArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: 'Only users matching this email address.' })
  email?: string | null;
}

@ArgsType()
export class AssetsArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: 'Only assets with this serial number.' })
  serialNumber?: string | null;

  @Field(() => String, { nullable: true, description: 'Only assets with this asset ID.' })
  assetId?: string | null;
}

@ArgsType()
export class AssetLookupArgs {
  @Field(() => String, { nullable: true, description: 'Asset ID.' })
  assetId?: string | null;

  @Field(() => String, { nullable: true, description: 'Serial number.' })
  serialNumber?: string | null;
}
