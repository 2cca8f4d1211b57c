import { IsDefined, IsOptional } from 'class-validator';
import { ArgsType, Field } from 'type-graphql';
import type { FieldError } from '../../core/errors';
import { PageArgs } from '../../core/graph/page-args';
import { AtMost, EMAIL_MAX, IDENTIFIER_MAX } from '../../core/validation/lengths';
import type { CrossChecked } from '../../core/validation/validate-input';

@ArgsType()
export class UsersArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: 'Only users matching this email address.' })
  @IsOptional()
  @AtMost(EMAIL_MAX)
  email?: string | null;
}

@ArgsType()
export class UserArgs {
  @Field(() => String, { description: 'Email address.' })
  @IsDefined({ message: 'is required' })
  @AtMost(EMAIL_MAX)
  email!: string;
}

@ArgsType()
export class AssetsArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: 'Only assets with this serial number.' })
  @IsOptional()
  @AtMost(IDENTIFIER_MAX)
  serialNumber?: string | null;

  @Field(() => String, { nullable: true, description: 'Only assets with this asset ID.' })
  @IsOptional()
  @AtMost(IDENTIFIER_MAX)
  assetId?: string | null;
}

@ArgsType()
export class AssetLookupArgs implements CrossChecked {
  @Field(() => String, { nullable: true, description: 'Asset ID.' })
  @IsOptional()
  @AtMost(IDENTIFIER_MAX)
  assetId?: string | null;

  @Field(() => String, { nullable: true, description: 'Serial number.' })
  @IsOptional()
  @AtMost(IDENTIFIER_MAX)
  serialNumber?: string | null;

  /** One of the two identifies the asset; both must then match the same asset. */
  crossCheck(): FieldError[] {
    return this.assetId || this.serialNumber ? [] : [{ path: 'assetId', message: 'is required when serialNumber is absent' }];
  }
}
