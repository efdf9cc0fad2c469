// Four-eyes for the decisions of issue 5 (refund approval, payout release): "the one who prepares it cannot be the
// one who approves it" (docs/domain.md "Who uses it"). The same comparison as the commitment's and the pool's.

import { reason, type Check } from './decision';

const sameUser = (one: string, other: string): boolean => one.trim().toLowerCase() === other.trim().toLowerCase();

/** Names are compared without regard to case or surrounding space, so "Anna" cannot approve what "anna " did. */
export const isSecondPerson = (firstPerson: string, secondPerson: string, what: string): Check =>
  sameUser(firstPerson, secondPerson)
    ? reason('FOUR_EYES_REQUIRED', `${secondPerson} ${what} and cannot also approve it; a second person must.`)
    : undefined;

/** A person named in a command (who prepared, reviewed, approved, released). */
export const personIsNamed = (person: unknown, role: string): Check =>
  typeof person === 'string' && person.trim().length > 0 ? undefined : reason('SCHEMA_INVALID', `No ${role} is named.`);
