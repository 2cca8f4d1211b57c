import { ArgsType, Field } from 'type-graphql';
import type { FieldError } from '../../core/errors';
import { PageArgs } from '../../core/graph/page-args';
import type { CrossChecked } from '../../core/validation/validate-input';

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
export class AssetLookupArgs implements CrossChecked {
  @Field(() => String, { nullable: true, description: 'Asset ID.' })
  assetId?: string | null;

  @Field(() => String, { nullable: true, description: 'Serial number.' })
  serialNumber?: string | null;

  /** One of the two identifies the asset; both must then match the same asset. */
  crossCheck(): FieldError[] {
    return this.assetId || this.serialNumber ? [] : [{ path: 'assetId', message: 'is required when serialNumber is absent' }];
  }
}
