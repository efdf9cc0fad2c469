// Decisions about the marketing line (docs/domain.md §9): agency spending, within the line and its one budget year.

import { isValidIsoDate, type IsoDate } from '../calendar';
import { isBlank, isThePool, type KnownPool } from '../checks';
import { acceptUnless, reason, rejected, type Check, type Command, type Decider, type Decision } from '../decision';
import { personIsNamed } from '../four-eyes';
import { marketingWithinLine } from '../invariants';
import { formatOre, isOre, type Ore } from '../money';
import type { Pool } from '../pool/pool';
import {
  evolve,
  initialState,
  type MarketingEvent,
  type MarketingLine,
  type MarketingSpendingRecorded,
} from './marketing';

/////////////////////////////////////////
////////// Commands
/////////////////////////////////////////

export type RecordMarketingSpending = Command<
  'RecordMarketingSpending',
  {
    poolId: string;
    spendingId: string;
    amountOre: Ore;
    spentOn: IsoDate;
    description: string;
    recordedBy: string;
    at: Date;
    /** The pool's state: its marketing line and year. */
    pool: Pool;
  }
>;

export type MarketingCommand = RecordMarketingSpending;

/////////////////////////////////////////
////////// Rules
/////////////////////////////////////////

/** docs/domain.md §9: "booked in 2019 only" (the definition's marketingBudgetYear); a pool without one has no line. */
const inMarketingYear = (pool: KnownPool, spentOn: IsoDate | undefined): Check => {
  const { marketingBudgetYear } = pool.definition.money;
  if (spentOn === undefined) return undefined;
  if (marketingBudgetYear === undefined) {
    return reason('OUTSIDE_MARKETING_YEAR', `Pool "${pool.definition.poolId}" has no marketing line.`);
  }
  return Number(spentOn.slice(0, 4)) === marketingBudgetYear
    ? undefined
    : reason(
        'OUTSIDE_MARKETING_YEAR',
        `The marketing line of pool "${pool.definition.poolId}" is booked in ${marketingBudgetYear} only, ` +
          `not on ${spentOn}.`,
      );
};

const spendingIdIsNew = (state: MarketingLine, spendingId: string): Check => {
  const earlier = state.spendings.find((spending) => spending.spendingId === spendingId);
  return earlier === undefined
    ? undefined
    : reason(
        'DUPLICATE_SPENDING_ID',
        `Spending "${spendingId}" was already recorded (${formatOre(earlier.amountOre)}, ${earlier.spentOn}).`,
      );
};

/////////////////////////////////////////
////////// Decisions
/////////////////////////////////////////

export const recordMarketingSpending = (
  command: RecordMarketingSpending,
  state: MarketingLine,
): Decision<MarketingSpendingRecorded> => {
  const { poolId, spendingId, amountOre, spentOn, description, recordedBy, at, pool } = command.data;
  const known = isThePool(pool, poolId);
  const day = typeof spentOn === 'string' && isValidIsoDate(spentOn) ? spentOn : undefined;
  const validAmount = isOre(amountOre) && amountOre > 0;

  return acceptUnless(
    [
      isBlank(spendingId) ? reason('SCHEMA_INVALID', 'The spendingId is missing.') : undefined,
      isBlank(description) ? reason('SCHEMA_INVALID', 'The spending needs a description.') : undefined,
      day === undefined ? reason('SCHEMA_INVALID', `The date spent must be 'YYYY-MM-DD', got ${spentOn}.`) : undefined,
      personIsNamed(recordedBy, 'person recording the spending'),
      validAmount
        ? undefined
        : reason('INVALID_AMOUNT', `The amount must be a whole number of øre above 0, got ${String(amountOre)}.`),
      known ? undefined : reason('UNKNOWN_POOL', `There is no open pool "${poolId}".`),
      spendingIdIsNew(state, spendingId),
      known ? inMarketingYear(pool, day) : undefined,
      known && validAmount
        ? marketingWithinLine(state.spentOre + amountOre, pool.definition.money.marketingOre)
        : undefined,
    ],
    (): MarketingSpendingRecorded[] => [
      {
        type: 'MarketingSpendingRecorded',
        data: {
          poolId,
          spendingId,
          amountOre,
          spentOn,
          budgetYear: Number(spentOn.slice(0, 4)),
          description,
          recordedBy,
          recordedAt: at.toISOString(),
        },
      },
    ],
  );
};

export const decide = (command: MarketingCommand, state: MarketingLine): Decision<MarketingEvent> => {
  const { type } = command;

  switch (type) {
    case 'RecordMarketingSpending':
      return recordMarketingSpending(command, state);
    default: {
      const _unknownCommand: never = type;
      return rejected([reason('SCHEMA_INVALID', `Unknown marketing command ${String(_unknownCommand)}.`)]);
    }
  }
};

export const marketingDecider: Decider<MarketingLine, MarketingCommand, MarketingEvent> = {
  decide,
  evolve,
  initialState,
};
