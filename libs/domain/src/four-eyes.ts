// Four-eyes on every decision that moves money or changes a pool: "the one who prepares it cannot be the one who
// approves it" (docs/domain.md "Who uses it"). The one rule every decider applies, and the web mirrors.

import { reason, type Check } from './decision';

/** Two staff names are the same person when they match without regard to case or surrounding space: "Anna" cannot
 * approve what "anna " prepared. */
export const isSamePerson = (one: string, other: string): boolean =>
  one.trim().toLowerCase() === other.trim().toLowerCase();

/** The second person of a four-eyes decision is not the first; `what` says what the first did ("prepared this"). */
export const isSecondPerson = (firstPerson: string, secondPerson: string, what: string): Check =>
  isSamePerson(firstPerson, secondPerson)
    ? reason('FOUR_EYES_REQUIRED', `${secondPerson} ${what} and cannot also approve it; a second person must.`)
    : undefined;

/** A person named in a command (who prepared, reviewed, approved, released). */
export const personIsNamed = (person: unknown, role: string): Check =>
  typeof person === 'string' && person.trim().length > 0 ? undefined : reason('SCHEMA_INVALID', `No ${role} is named.`);
