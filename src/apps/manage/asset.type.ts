import { GraphQLDate } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';
import { Connection, type ConnectionOf } from '../../core/graph/connection';
import { Page, type PageOf } from '../../core/graph/page.type';

@ObjectType({
  simpleResolvers: true,
  description: 'A device the company owns: laptop, phone, tablet, monitor... (Manage app: Asset List).',
})
export class Asset {
  @Field(() => String, { description: "The company's asset identifier, e.g. `LEN-0000-ABCD1234`." })
  assetId!: string;

  @Field(() => String, { nullable: true, description: "Manufacturer's serial number." })
  serialNumber!: string | null;

  @Field(() => String, { nullable: true, description: 'Model name, e.g. `MacBook Pro 16"`.' })
  modelName!: string | null;

  @Field(() => String, { nullable: true, description: 'Model number.' })
  modelNumber!: string | null;

  @Field(() => String, { nullable: true, description: 'Kind of device, e.g. `Laptop`, `Phone`.' })
  productType!: string | null;

  @Field(() => GraphQLDate, { nullable: true, description: 'Date of purchase.' })
  purchaseDate!: Date | null;

  @Field(() => String, { nullable: true, description: 'IMEI of a mobile device; null when none.' })
  imei!: string | null;

  @Field(() => String, { nullable: true, description: 'Second IMEI of a dual-SIM device; null when none.' })
  imei2!: string | null;

  @Field(() => String, { nullable: true, description: 'Stock keeping unit; null when none.' })
  sku!: string | null;

  @Field(() => String, { nullable: true, description: 'Lifecycle status, e.g. `In Use` (upstream `assetStatus`).' })
  status!: string | null;

  /** Email of the holder, from the embedding user or the list's `AssignedUser`; resolves `assignedUser`. */
  holderEmail!: string | null;

  /** What the assets list embeds of the holder (`AssignedUser`); null for an asset embedded in its user. */
  holder!: EmbeddedHolder | null;
}

/** The holder's fields the assets list carries: asking `assignedUser` for these alone costs no lookup. */
export type EmbeddedHolder = { email: string; firstName: string | null; lastName: string | null };
export const EMBEDDED_HOLDER_FIELDS: ReadonlySet<string> = new Set(['email', 'firstName', 'lastName']);

export const AssetPage = Page(Asset, {
  typeName: 'AssetPage',
  description: 'One page of assets.',
  itemsDescription: 'The assets on this page.',
});
export type AssetPage = PageOf<Asset>;

export const AssetConnection = Connection(Asset, 'Asset');
export type AssetConnection = ConnectionOf<Asset>;
