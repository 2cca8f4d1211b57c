/**
 * The one rule for a campaign number, in reads and writes alike: its digits, at most 15, so that a write
 * can send it as the JSON number the documents ask for without losing precision (today's are 14 digits).
 */
import { Matches } from 'class-validator';

const CAMPAIGN_NUMBER = /^\d{1,15}$/;

export function IsCampaignNumber(): PropertyDecorator {
  return Matches(CAMPAIGN_NUMBER, { message: 'must be the digits of a campaign number (1 to 15 digits)' });
}
