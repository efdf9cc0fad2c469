// The arithmetic of a refund and the booking of an expense to a budget year (docs/domain.md §7–8).

import { isValidIsoDate, type IsoDate } from '../calendar';
import { applyRate, assertOre, type Ore } from '../money';

/** Refusion: the rate (80 % = 8000 basis points, `definition.refundRateBasisPoints`) of the eligible expenses,
 * rounded down to whole øre. Applied to a claim's total, never expense by expense (docs/domain.md §7: "rounded down to
 * whole øre on the claim total"), so rounding costs the municipality less than one øre a claim. */
export const refundFor = (eligibleOre: Ore, rateBasisPoints: number): Ore => applyRate(eligibleOre, rateBasisPoints);

export type CappedRefund = Readonly<{
  /** The refund by the rate alone. */
  refundBeforeCapOre: Ore;
  /** The refund after the cap: never more than what remains of the commitment (never below 0). */
  refundOre: Ore;
  cappedByCommitment: boolean;
}>;

/** The refund of `eligibleOre`, capped by what remains of the commitment (docs/domain.md §7: "capped by what remains of
 * the commitment"). A remainder below 0 (a commitment reduced under what was approved) caps at 0. */
export const cappedRefund = (eligibleOre: Ore, rateBasisPoints: number, remainingCommitmentOre: Ore): CappedRefund => {
  const refundBeforeCapOre = refundFor(eligibleOre, rateBasisPoints);
  const room = Math.max(0, assertOre(remainingCommitmentOre, 'remaining commitment'));
  return {
    refundBeforeCapOre,
    refundOre: Math.min(refundBeforeCapOre, room),
    cappedByCommitment: refundBeforeCapOre > room,
  };
};

/** The budget year an expense books to, or undefined when it books to none (OUTSIDE_BUDGET_YEARS).
 * docs/domain.md §8: expenses book to the year in which they were incurred; "run-off from courses started in 2020 that run
 * into 2021 books to 2020". Generalised: a date after the last budget year books to the last budget year if the
 * course started in it; a date before the first budget year, or after the last for a course started earlier, books
 * to none. `budgetYears` ascending, as a pool definition has them. */
export const budgetYearOf = (
  incurredOn: IsoDate,
  budgetYears: readonly number[],
  courseStartDate: IsoDate,
): number | undefined => {
  if (!isValidIsoDate(incurredOn) || !isValidIsoDate(courseStartDate) || budgetYears.length === 0) return undefined;
  const year = Number(incurredOn.slice(0, 4));
  if (budgetYears.includes(year)) return year;
  const lastYear = budgetYears[budgetYears.length - 1]!;
  const runOff = year > lastYear && Number(courseStartDate.slice(0, 4)) === lastYear;
  return runOff ? lastYear : undefined;
};
