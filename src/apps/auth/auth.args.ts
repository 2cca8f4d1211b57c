import { IsDefined, MaxLength } from 'class-validator';
import { ArgsType, Field } from 'type-graphql';
import { EMAIL_MAX, PASSWORD_MAX, TOKEN_MAX } from '../../core/validation/lengths';
import { Verbatim } from '../../core/validation/validate-input';

const tooLong = (max: number) => ({ message: `must be at most ${max} characters` });

@ArgsType()
export class LoginArgs {
  // Declared in this order so the published schema keeps `login(password, email)`.
  @Field(() => String, { description: 'Your Unduit password (never logged).' })
  @Verbatim()
  @IsDefined({ message: 'is required' })
  @MaxLength(PASSWORD_MAX, tooLong(PASSWORD_MAX))
  password!: string;

  @Field(() => String, { description: 'Your Unduit account email.' })
  @IsDefined({ message: 'is required' })
  @MaxLength(EMAIL_MAX, tooLong(EMAIL_MAX))
  email!: string;
}

@ArgsType()
export class RefreshTokenArgs {
  @Field(() => String, { description: 'The current token.' })
  @IsDefined({ message: 'is required' })
  @MaxLength(TOKEN_MAX, tooLong(TOKEN_MAX))
  token!: string;
}
