import { GraphQLDate } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Address } from '../../core/graph/address.type';
import { Connection, type ConnectionOf } from '../../core/graph/connection';
import { Page, type PageOf } from '../../core/graph/page.type';
import { UpstreamCost } from '../../core/graph/query-cost';
import type { Campaign } from './campaign.type';
import { MAX_ITEMS_PER_EMPLOYEE } from './limits';

@ObjectType({ simpleResolvers: true, description: 'A device or item an employee must return.' })
export class RecoveryItem {
  @Field(() => Int, { description: "1-based position among the employee's items: with the employee's `recoveryId`, the item's key." })
  position!: number;

  @Field(() => String, { description: 'Name or label of the item (upstream `item`).' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Serial number of the item.' })
  serialNumber!: string | null;

  @Field(() => String, { nullable: true, description: "The company's asset ID of the item." })
  assetId!: string | null;

  @Field(() => String, { nullable: true, description: 'IMEI of a mobile device.' })
  imei!: string | null;

  @Field(() => String, { nullable: true, description: 'Custom metadata field 1.' })
  customField1!: string | null;

  @Field(() => String, { nullable: true, description: 'Custom metadata field 2.' })
  customField2!: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'True when the device is under legal hold; null when the upstream does not say.',
  })
  legalHold!: boolean | null;
}

@ObjectType({ simpleResolvers: true, description: 'One leg of a shipment.' })
export class Shipment {
  @Field(() => String, { nullable: true, description: "The carrier's tracking number." })
  trackingNumber!: string | null;

  @Field(() => String, { nullable: true, description: "A link to the carrier's tracking page." })
  trackingUrl!: string | null;
}

@ObjectType({ simpleResolvers: true, description: 'Shipment tracking of a recovery: the kit sent out and the devices sent back.' })
export class Tracking {
  @Field(() => Int, {
    description: "1-based position among the employee's shipment records: with the employee's `recoveryId`, the record's key.",
  })
  position!: number;

  @Field(() => String, { nullable: true, description: 'Carrier, e.g. `ups`.' })
  carrier!: string | null;

  @Field(() => Shipment, { nullable: true, description: 'Shipment to the employee (upstream `forward_shipping`).' })
  outbound!: Shipment | null;

  @Field(() => Shipment, { nullable: true, description: 'Shipment back from the employee (upstream `return_shipping`).' })
  return!: Shipment | null;
}

@ObjectType({ simpleResolvers: true, description: 'An employee in a recovery campaign, with the items to return and their tracking.' })
export class Employee {
  @Field(() => ID, { description: 'Identifier of this recovery (upstream `recovery_id`).' })
  recoveryId!: string;

  @Field(() => String, { description: 'Email address; links the employee to a user.' })
  email!: string;

  @Field(() => String, { nullable: true, description: 'First name.' })
  firstName!: string | null;

  @Field(() => String, { nullable: true, description: 'Last name.' })
  lastName!: string | null;

  @Field(() => String, { nullable: true, description: 'Phone number.' })
  phone!: string | null;

  @Field(() => String, { nullable: true, description: 'ISO country code of the phone number.' })
  phoneCountryCode!: string | null;

  @Field(() => Address, { description: 'Address the recovery kit is sent to.' })
  address!: Address;

  @Field(() => String, { nullable: true, description: 'Recovery status, e.g. `Order Received`.' })
  status!: string | null;

  @Field(() => GraphQLDate, { nullable: true, description: 'Day of the last status change.' })
  lastUpdated!: Date | null;

  @Field(() => [RecoveryItem], { description: `Items this employee must return (1 to ${MAX_ITEMS_PER_EMPLOYEE}).` })
  @UpstreamCost({ items: MAX_ITEMS_PER_EMPLOYEE })
  items!: RecoveryItem[];

  @Field(() => [Tracking], { description: 'Shipment tracking; empty until something has shipped.' })
  @UpstreamCost({ items: 3 })
  tracking!: Tracking[];

  /** The campaign whose details listed this employee; resolves `campaign`. */
  campaignRef!: Campaign;
}

export const EmployeePage = Page(Employee, {
  typeName: 'EmployeePage',
  description: 'One page of the employees of a campaign.',
  itemsDescription: 'The employees on this page.',
});
export type EmployeePage = PageOf<Employee>;

export const EmployeeConnection = Connection(Employee, 'Employee');
export type EmployeeConnection = ConnectionOf<Employee>;
