import { Field, ObjectType } from 'type-graphql';

@ObjectType({ simpleResolvers: true, description: 'A postal address, in the same shape wherever the upstream returns one.' })
export class Address {
  @Field(() => String, { nullable: true, description: 'First address line (street and number).' })
  line1!: string | null;

  @Field(() => String, { nullable: true, description: 'Second address line (suite, unit); null when absent.' })
  line2!: string | null;

  @Field(() => String, { nullable: true, description: 'City.' })
  city!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'State or region: its name where the upstream gives one, else its code (e.g. `CA`).',
  })
  state!: string | null;

  @Field(() => String, { nullable: true, description: 'ZIP or postal code.' })
  zip!: string | null;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2 country code, e.g. `US`.' })
  country!: string | null;
}
