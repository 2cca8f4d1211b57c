import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Address } from '../../core/graph/address.type';
import { UpstreamCost } from '../../core/graph/query-cost';

@ObjectType({ simpleResolvers: true, description: 'A package the employee is sent to return devices in.' })
export class Package {
  @Field(() => String, { description: 'Device the package is for, e.g. `Laptop`.' })
  device!: string;

  @Field(() => Int, { description: 'Number of packages (upstream `qty`).' })
  quantity!: number;

  @Field(() => Float, { nullable: true, description: 'Weight of the package (upstream `incomingWeight`).' })
  weight!: number | null;

  @Field(() => Float, { nullable: true, description: 'Length of the package.' })
  length!: number | null;

  @Field(() => Float, { nullable: true, description: 'Width of the package.' })
  width!: number | null;

  @Field(() => Float, { nullable: true, description: 'Height of the package.' })
  height!: number | null;
}

@ObjectType({ simpleResolvers: true, description: 'Where the devices of a campaign are returned to.' })
export class ReturnAddress {
  @Field(() => String, { nullable: true, description: 'Recipient name.' })
  name!: string | null;

  @Field(() => String, { nullable: true, description: 'Title the upstream attaches to the address (usually the campaign title).' })
  title!: string | null;

  @Field(() => String, { nullable: true, description: 'Recipient company.' })
  company!: string | null;

  @Field(() => Address, { description: 'Postal address.' })
  address!: Address;

  @Field(() => String, { nullable: true, description: 'Recipient phone number.' })
  phone!: string | null;

  @Field(() => String, { nullable: true, description: 'Recipient email.' })
  email!: string | null;

  @Field(() => [Package], { description: 'Packages used for returns to this address.' })
  @UpstreamCost({ items: 5 })
  packages!: Package[];
}
