// The small checks every decider shares: well-formed values (SCHEMA_INVALID, INVALID_AMOUNT) and the pool a command
// names. The api validates shapes with zod first; these keep each decision total on whatever it is given.

import { isValidIsoDate, type IsoDate } from './calendar';
import { reason, type Check, type Reason } from './decision';
import { isOre, type Ore } from './money';
import { isMunicipalityCode } from './municipality';
import { isKnownPool, type AllocatedPool, type OpenedPool, type Pool } from './pool/pool';

/** A pool that has been opened: the pool a course, an expense, a claim or a payout belongs to. */
export type KnownPool = OpenedPool | AllocatedPool;

export const isFailure = (check: Check): check is Reason => check !== undefined;

export const isBlank = (value: unknown): boolean => typeof value !== 'string' || value.trim().length === 0;

/** The value if it is a real date 'YYYY-MM-DD', else undefined: rules that read a date skip a malformed one, which
 * the schema rules report. */
export const dateOrUndefined = (value: unknown): IsoDate | undefined =>
  typeof value === 'string' && isValidIsoDate(value) ? value : undefined;

export const textIsGiven = (value: unknown, what: string): Check =>
  isBlank(value) ? reason('SCHEMA_INVALID', `${what} is missing.`) : undefined;

export const isDate = (value: unknown, what: string): Check =>
  dateOrUndefined(value) === undefined
    ? reason('SCHEMA_INVALID', `${what} must be a date 'YYYY-MM-DD', got ${JSON.stringify(value ?? null)}.`)
    : undefined;

export const instantIsValid = (at: Date): Check =>
  at instanceof Date && !Number.isNaN(at.getTime())
    ? undefined
    : reason('SCHEMA_INVALID', 'The time of the decision is not a valid instant.');

export const municipalityCodeIsValid = (municipalityCode: string): Check =>
  isMunicipalityCode(municipalityCode)
    ? undefined
    : reason('SCHEMA_INVALID', `"${municipalityCode}" is not a municipality code (3 digits).`);

/** Money is a positive whole number of øre (docs/municipal-api.md). */
export const amountIsPositive = (amountOre: Ore): Check =>
  isOre(amountOre) && amountOre > 0
    ? undefined
    : reason('INVALID_AMOUNT', `The amount must be a whole number of øre above 0, got ${String(amountOre)}.`);

/** The pool state passed in is the pool the command names, and it has been opened. */
export const isThePool = (pool: Pool, poolId: string): pool is KnownPool =>
  isKnownPool(pool) && pool.definition.poolId === poolId;

export const unknownPool = (poolId: string): Reason => reason('UNKNOWN_POOL', `There is no open pool "${poolId}".`);
