import { Field, ObjectType } from 'type-graphql';

@ObjectType({ simpleResolvers: true, description: 'A country, as the upstream names it, with its ISO code.' })
export class Country {
  @Field(() => String, { description: 'ISO 3166-1 alpha-2 code, e.g. `FR`.' })
  code!: string;

  @Field(() => String, { description: 'English name, e.g. `France`.' })
  name!: string;
}
