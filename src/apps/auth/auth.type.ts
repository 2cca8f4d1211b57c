import { GraphQLDateTime } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';

@ObjectType({ simpleResolvers: true, description: 'An Unduit API token: send it as `Authorization: Bearer <token>`.' })
export class AuthPayload {
  @Field(() => String, { description: 'The bearer token (a JWT valid for 4 hours).' })
  token!: string;

  @Field(() => GraphQLDateTime, { description: 'When the token expires; refresh it before then.' })
  expiresAt!: Date;
}
