// The pool's marketing line (stream `marketing-<poolId>`, docs/domain.md §9): STAR's own spending on marketing the pool
// and the company services, up to `definition.money.marketingOre`, booked in `marketingBudgetYear` only.
//
// Decision (consistency boundary): a stream of its own, apart from the pool's and the ledgers', because the line is
// never allocated to municipalities: the allocation shares `commitmentsOre` only, and nothing here touches it.

import type { IsoDate } from '../calendar';
import type { DomainEvent, InstantString } from '../decision';
import type { Ore } from '../money';

/////////////////////////////////////////
////////// Events
/////////////////////////////////////////

export type MarketingSpendingRecorded = DomainEvent<
  'MarketingSpendingRecorded',
  {
    poolId: string;
    spendingId: string;
    amountOre: Ore;
    spentOn: IsoDate;
    budgetYear: number;
    description: string;
    recordedBy: string;
    recordedAt: InstantString;
  }
>;

export type MarketingEvent = MarketingSpendingRecorded;

/////////////////////////////////////////
////////// Marketing line
/////////////////////////////////////////

export type MarketingSpending = Readonly<{
  spendingId: string;
  amountOre: Ore;
  spentOn: IsoDate;
  description: string;
  recordedBy: string;
  recordedAt: Date;
}>;

/** The agency's spending on the marketing line of one pool. */
export type MarketingLine = Readonly<{
  poolId?: string;
  spentOre: Ore;
  spendings: readonly MarketingSpending[];
}>;

export const initialState = (): MarketingLine => ({ spentOre: 0, spendings: [] });

/////////////////////////////////////////
////////// Evolve
/////////////////////////////////////////

export const evolve = (state: MarketingLine, event: MarketingEvent): MarketingLine => {
  const { type, data } = event;

  switch (type) {
    case 'MarketingSpendingRecorded': {
      const { poolId, spendingId, amountOre, spentOn, description, recordedBy, recordedAt } = data;
      const spending: MarketingSpending = {
        spendingId,
        amountOre,
        spentOn,
        description,
        recordedBy,
        recordedAt: new Date(recordedAt),
      };
      return {
        poolId: state.poolId ?? poolId,
        spentOre: state.spentOre + amountOre,
        spendings: [...state.spendings, spending],
      };
    }
    default: {
      const _unknownEvent: never = type;
      return state;
    }
  }
};
