// The ledger invariants of the money: small named rules that every decision which moves money checks on the
// state it would leave behind. A decision that would break one is refused and records nothing; they are never a
// report run afterwards. Each is one comparison in BigInt-safe øre, so a property test can hold it to its word.

import { reason, type Check } from './decision';
import { applyRate, formatOre, sumOreExact, type Ore } from './money';

/** The commitments (tilsagn) of all municipalities together never exceed the pool (docs/domain.md §3–4). */
export const commitmentsWithinPool = (poolOre: Ore, commitmentsOre: readonly Ore[]): Check => {
  const total = sumOreExact(commitmentsOre);
  return total <= BigInt(poolOre)
    ? undefined
    : reason(
        'EXCEEDS_POOL',
        `The commitments would add up to ${formatOre(total)}: more than the pool (${formatOre(poolOre)}).`,
      );
};

/** An approved refund never exceeds the refund rate (80 %) of the eligible expenses it is for, rounded down
 * (docs/domain.md §7). */
export const refundWithinRate = (approvedRefundOre: Ore, eligibleOre: Ore, rateBasisPoints: number): Check => {
  const most = applyRate(eligibleOre, rateBasisPoints);
  return approvedRefundOre <= most
    ? undefined
    : reason(
        'REFUND_EXCEEDS_RATE',
        `An approved refund of ${formatOre(approvedRefundOre)} is more than ${rateBasisPoints / 100} % of the ` +
          `eligible expenses, ${formatOre(eligibleOre)} (at most ${formatOre(most)}).`,
      );
};

/** The refunds approved to a municipality never exceed its commitment: the tilsagn caps the refund (docs/domain.md §4). */
export const refundWithinCommitment = (approvedRefundOre: Ore, commitmentOre: Ore): Check =>
  approvedRefundOre <= commitmentOre
    ? undefined
    : reason(
        'REFUND_EXCEEDS_COMMITMENT',
        `The approved refunds, ${formatOre(approvedRefundOre)}, would be more than the commitment ` +
          `(${formatOre(commitmentOre)}).`,
      );

/** Nothing is paid that was not approved: payments less repayments demanded never exceed the approved refunds. */
export const paidWithinApproved = (netPaidOre: Ore, approvedRefundOre: Ore, what = 'the municipality'): Check =>
  netPaidOre <= approvedRefundOre
    ? undefined
    : reason(
        'PAID_EXCEEDS_APPROVED',
        `Payments to ${what}, ${formatOre(netPaidOre)} net of repayments, would be more than the approved ` +
          `refunds (${formatOre(approvedRefundOre)}).`,
      );

/** The agency's marketing spending never exceeds the pool's marketing line (docs/domain.md §9). */
export const marketingWithinLine = (spentOre: Ore, lineOre: Ore): Check =>
  spentOre <= lineOre
    ? undefined
    : reason(
        'EXCEEDS_MARKETING_LINE',
        `Marketing spending would add up to ${formatOre(spentOre)}: more than the marketing line ` +
          `(${formatOre(lineOre)}).`,
      );
