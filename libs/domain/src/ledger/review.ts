// Review and approval of a refund claim (docs/domain.md §7–8): a caseworker reviews it, a second person approves it
// (four-eyes); the approval of a final claim settles its budget year and may demand a repayment or lapse the tilsagn.

import { toCopenhagenIso } from '../calendar';
import { instantIsValid, isBlank, isThePool, unknownPool, type KnownPool } from '../checks';
import type { Commitment, IssuedCommitment } from '../commitment/commitment';
import { acceptUnless, reason, rejected, type Check, type Command, type Decision } from '../decision';
import { isSecondPerson, personIsNamed } from '../four-eyes';
import { formatOre, isOre, sumOre, type Ore } from '../money';
import type { Pool } from '../pool/pool';
import { approvedRefundTotal, netPaidOfYear, settlementOf } from './figures';
import {
  evolve,
  expenseKey,
  isSameExpense,
  type BudgetYearSettled,
  type Claim,
  type ClaimApproved,
  type ClaimReviewed,
  type CommitmentLapsed,
  type ExpenseCut,
  type Ledger,
  type RepaymentDemanded,
} from './ledger';
import { cappedRefund } from './refund';
import { isIssuedCommitment, keepingInvariants, ledgerIsOpen, noCommitment, remainingFor, unknownClaim } from './rules';

/////////////////////////////////////////
////////// Commands
/////////////////////////////////////////

/** A cut the reviewer makes: the expense approved for `approvedOre` (less than its amount needs a reason). */
export type ReviewCut = Readonly<{ courseId: string; expenseId: string; approvedOre: Ore; reason?: string }>;

/** A caseworker reviews a claim: in full (no cuts) or in part. */
export type ReviewClaim = Command<
  'ReviewClaim',
  { claimId: string; reviewedBy: string; cuts: readonly ReviewCut[]; at: Date }
>;

/** A second person approves the review (four-eyes). */
export type ApproveClaim = Command<
  'ApproveClaim',
  { claimId: string; approvedBy: string; at: Date; pool: Pool; commitment: Commitment }
>;

/////////////////////////////////////////
////////// Rules
/////////////////////////////////////////

const notYetApproved = (claim: Claim): Check =>
  claim.status === 'approved'
    ? reason(
        'CLAIM_ALREADY_APPROVED',
        `Claim "${claim.claimId}" was approved ${toCopenhagenIso(claim.approval!.approvedAt)}.`,
      )
    : undefined;

/** An interim claim of a settled year was taken over by the final claim: it is not reviewed or approved any more. */
const yearNotSettled = (state: Ledger, claim: Claim): Check =>
  claim.kind === 'interim' && settlementOf(state, claim.budgetYear) !== undefined
    ? reason(
        'FINAL_CLAIM_EXISTS',
        `Budget year ${claim.budgetYear} was settled by its final claim; its interim claim "${claim.claimId}" is ` +
          'no longer reviewed.',
      )
    : undefined;

const cutChecks = (state: Ledger, claim: Claim, cuts: readonly ReviewCut[]): Check[] =>
  cuts.flatMap((cut, i): Check[] => {
    const what = `expense "${cut.expenseId}" of course "${cut.courseId}"`;
    const claimed = claim.expenses.find((expense) => isSameExpense(expense, cut));
    if (claimed === undefined) {
      return [reason('EXPENSE_NOT_IN_CLAIM', `Claim "${claim.claimId}" does not cover ${what}.`)];
    }
    const again = cuts.findIndex((other) => isSameExpense(other, cut)) !== i;
    const validAmount = isOre(cut.approvedOre) && cut.approvedOre >= 0 && cut.approvedOre <= claimed.amountOre;
    return [
      again ? reason('SCHEMA_INVALID', `The review cuts ${what} twice.`) : undefined,
      validAmount
        ? undefined
        : reason(
            'INVALID_AMOUNT',
            `The approved amount of ${what} must be a whole number of øre from 0 to its amount, ` +
              `${formatOre(claimed.amountOre)}; got ${String(cut.approvedOre)}.`,
          ),
      validAmount && cut.approvedOre < claimed.amountOre && isBlank(cut.reason)
        ? reason('CUT_REASON_MISSING', `The review approves ${what} for less than its amount and gives no reason.`)
        : undefined,
    ];
  });

/** Each expense of the claim as the review approves it: its cut, else a cut carried from an earlier approved
 * review of it, else the whole amount. */
const reviewLines = (state: Ledger, claim: Claim, cuts: readonly ReviewCut[]): ExpenseCut[] => {
  const recorded = new Map(state.expenses.map((expense) => [expenseKey(expense), expense]));
  return claim.expenses.map(({ courseId, expenseId, amountOre }) => {
    const cut = cuts.find((c) => isSameExpense(c, { courseId, expenseId }));
    if (cut !== undefined) {
      return { courseId, expenseId, amountOre, approvedOre: cut.approvedOre, reason: cut.reason?.trim() ?? '' };
    }
    const expense = recorded.get(expenseKey({ courseId, expenseId }));
    const carried = expense?.approvedOre !== undefined && expense.approvedOre < amountOre;
    return carried
      ? { courseId, expenseId, amountOre, approvedOre: expense.approvedOre!, reason: expense.cutReason ?? '' }
      : { courseId, expenseId, amountOre, approvedOre: amountOre, reason: '' };
  });
};

/////////////////////////////////////////
////////// Decisions
/////////////////////////////////////////

/** Reviews a claim; reviewing again before the approval replaces the review. */
export const reviewClaim = (command: ReviewClaim, state: Ledger): Decision<ClaimReviewed> => {
  const { claimId, reviewedBy, cuts, at } = command.data;
  const claim = state.claims.find((c) => c.claimId === claimId);
  if (claim === undefined) return rejected([unknownClaim(claimId)]);
  const cutList = Array.isArray(cuts) ? cuts : [];

  const decision = acceptUnless(
    [
      personIsNamed(reviewedBy, 'reviewer'),
      instantIsValid(at),
      Array.isArray(cuts) ? undefined : reason('SCHEMA_INVALID', 'The review lists its cuts (an empty list for none).'),
      ledgerIsOpen(state),
      notYetApproved(claim),
      yearNotSettled(state, claim),
      ...cutChecks(state, claim, cutList),
    ],
    (): ClaimReviewed[] => {
      const lines = reviewLines(state, claim, cutList);
      return [
        {
          type: 'ClaimReviewed',
          data: {
            poolId: state.poolId!,
            municipalityCode: state.municipalityCode!,
            claimId,
            reviewedBy,
            cuts: lines.filter((line) => line.approvedOre < line.amountOre),
            approvedEligibleOre: sumOre(lines.map((line) => line.approvedOre)),
            reviewedAt: at.toISOString(),
          },
        },
      ];
    },
  );
  return keepingInvariants(state, decision);
};

/** The events of an approval: the approval; for a final claim, the year's settlement and any repayment demand; after
 * the settlement that leaves the last budget year settled and no final claim waiting, the lapse. */
const approvalEvents = (
  state: Ledger,
  claim: Claim,
  approvedBy: string,
  at: Date,
  pool: KnownPool,
  commitmentOre: Ore,
): (ClaimApproved | BudgetYearSettled | RepaymentDemanded | CommitmentLapsed)[] => {
  const { poolId, municipalityCode } = { poolId: state.poolId!, municipalityCode: state.municipalityCode! };
  const { budgetYear, kind, claimId } = claim;
  const review = claim.review!;
  const remaining = remainingFor(state, kind, budgetYear, commitmentOre);
  const { refundBeforeCapOre, refundOre } = cappedRefund(
    review.approvedEligibleOre,
    claim.refundRateBasisPoints,
    remaining,
  );
  const when = at.toISOString();
  const approved: ClaimApproved = {
    type: 'ClaimApproved',
    data: {
      poolId,
      municipalityCode,
      claimId,
      budgetYear,
      kind,
      reviewedBy: review.reviewedBy,
      approvedBy,
      approvedEligibleOre: review.approvedEligibleOre,
      refundBeforeCapOre,
      approvedRefundOre: refundOre,
      commitmentOre,
      approvedAt: when,
    },
  };
  if (kind === 'interim') return [approved];

  // docs/domain.md §8: "A year's final settlement, once its final claim is approved, pays what is still owed or raises a
  // repayment demand (tilbagebetaling) for what was paid beyond it."
  const paidOre = netPaidOfYear(state, budgetYear);
  const repaymentOre = Math.max(0, paidOre - refundOre);
  const settled: BudgetYearSettled = {
    type: 'BudgetYearSettled',
    data: {
      poolId,
      municipalityCode,
      budgetYear,
      claimId,
      approvedRefundOre: refundOre,
      paidOre,
      owedOre: Math.max(0, refundOre - paidOre),
      repaymentOre,
      settledAt: when,
    },
  };
  const demand: RepaymentDemanded[] =
    repaymentOre > 0
      ? [
          {
            type: 'RepaymentDemanded',
            data: { poolId, municipalityCode, budgetYear, claimId, amountOre: repaymentOre, demandedAt: when },
          },
        ]
      : [];
  const events = [approved, settled, ...demand];

  // docs/domain.md §8, §10: "After the final settlement of 2020 the unused commitment lapses and the pool closes."
  const after = events.reduce<Ledger>(evolve, state);
  const lastYear = pool.definition.budgetYears[pool.definition.budgetYears.length - 1]!;
  const finalWaiting = after.claims.some((c) => c.kind === 'final' && c.status !== 'approved');
  if (settlementOf(after, lastYear) === undefined || finalWaiting) return events;
  const approvedRefundOre = approvedRefundTotal(after);
  const lapsed: CommitmentLapsed = {
    type: 'CommitmentLapsed',
    data: {
      poolId,
      municipalityCode,
      commitmentOre,
      approvedRefundOre,
      lapsedOre: commitmentOre - approvedRefundOre,
      reason: 'settled',
      lapsedAt: when,
    },
  };
  return [...events, lapsed];
};

export const approveClaim = (
  command: ApproveClaim,
  state: Ledger,
): Decision<ClaimApproved | BudgetYearSettled | RepaymentDemanded | CommitmentLapsed> => {
  const { claimId, approvedBy, at, pool, commitment } = command.data;
  const claim = state.claims.find((c) => c.claimId === claimId);
  if (claim === undefined) return rejected([unknownClaim(claimId)]);
  const { poolId, municipalityCode } = { poolId: state.poolId!, municipalityCode: state.municipalityCode! };
  const known = isThePool(pool, poolId);
  const committed = isIssuedCommitment(commitment, poolId, municipalityCode);

  const decision = acceptUnless(
    [
      personIsNamed(approvedBy, 'approver'),
      instantIsValid(at),
      ledgerIsOpen(state),
      notYetApproved(claim),
      claim.review === undefined
        ? reason('CLAIM_NOT_REVIEWED', `Claim "${claimId}" has not been reviewed; a caseworker reviews it first.`)
        : isSecondPerson(claim.review.reviewedBy, approvedBy, `reviewed claim "${claimId}"`),
      yearNotSettled(state, claim),
      known ? undefined : unknownPool(poolId),
      committed ? undefined : noCommitment(poolId, municipalityCode),
    ],
    () => approvalEvents(state, claim, approvedBy, at, pool as KnownPool, (commitment as IssuedCommitment).amountOre),
  );
  return keepingInvariants(state, decision);
};
