import { IsDefined } from 'class-validator';
import { ArgsType, Field } from 'type-graphql';
import { AtMost, EMAIL_MAX, PASSWORD_MAX, TOKEN_MAX } from '../../core/validation/lengths';
import { Verbatim } from '../../core/validation/validate-input';

@ArgsType()
export class LoginArgs {
  // Declared in this order so the published schema keeps `login(password, email)`.
  @Field(() => String, { description: 'Your Unduit password (never logged).' })
  @Verbatim()
  @IsDefined({ message: 'is required' })
  @AtMost(PASSWORD_MAX)
  password!: string;

  @Field(() => String, { description: 'Your Unduit account email.' })
  @IsDefined({ message: 'is required' })
  @AtMost(EMAIL_MAX)
  email!: string;
}

@ArgsType()
export class RefreshTokenArgs {
  @Field(() => String, { description: 'The current token.' })
  @IsDefined({ message: 'is required' })
  @AtMost(TOKEN_MAX)
  token!: string;
}
