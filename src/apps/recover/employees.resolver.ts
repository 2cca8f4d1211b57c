import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { GatewayContext } from '../../context';
import { UpstreamCost } from '../../core/graph/query-cost';
import { Asset } from '../manage/asset.type';
import { User } from '../manage/user.type';
import { Campaign } from './campaign.type';
import { Employee, RecoveryItem } from './employee.type';

@Resolver(() => Employee)
export class EmployeesResolver {
  @FieldResolver(() => Campaign, { description: 'The campaign this employee belongs to.' })
  campaign(@Root() employee: Employee): Campaign {
    return employee.campaignRef;
  }

  @FieldResolver(() => User, { nullable: true, description: 'The user with the same email; null when none.' })
  @UpstreamCost({ lookup: 'users' })
  user(@Root() employee: Employee, @Ctx() ctx: GatewayContext): Promise<User | null> | null {
    return employee.email ? ctx.loaders.manage.userByEmail.load(employee.email) : null;
  }
}

@Resolver(() => RecoveryItem)
export class RecoveryItemsResolver {
  @FieldResolver(() => Asset, {
    nullable: true,
    description: 'The asset this item refers to, by asset ID, else by serial number; null when none matches.',
  })
  @UpstreamCost({ lookup: 'assets' })
  asset(@Root() item: RecoveryItem, @Ctx() ctx: GatewayContext): Promise<Asset | null> | null {
    if (item.assetId) return ctx.loaders.manage.assetById.load(item.assetId);
    return item.serialNumber ? ctx.loaders.manage.assetBySerial.load(item.serialNumber) : null;
  }
}
