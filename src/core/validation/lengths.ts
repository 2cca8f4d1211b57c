/**
 * Longest values the gateway accepts in arguments, checked before any upstream call: a 1 MB email
 * must be BAD_USER_INPUT at its path, not an upstream 431 or 414.
 */
import { MaxLength } from 'class-validator';

/** The one length rule of every input, with the one message: `must be at most N characters`. */
export function AtMost(max: number): PropertyDecorator {
  return MaxLength(max, { message: `must be at most ${max} characters` });
}

/** RFC 5321: an address is at most 254 characters. */
export const EMAIL_MAX = 254;

/** Asset IDs and serial numbers: today's are 17 (`LEN-0000-ABCD1234`) and 13 characters; 100 leaves room. */
export const IDENTIFIER_MAX = 100;

/** A token of the documented payload is about 250 characters; 4,096 admits larger claims. */
export const TOKEN_MAX = 4096;

/** Passwords: long passphrases are welcome; a megabyte is not. */
export const PASSWORD_MAX = 1024;
