// The figures of a ledger (docs/municipal-api.md "Reading back": expensesOre, claimedRefundOre, approvedRefundOre, paidOre,
// remainingCommitmentOre), what a payout run should pay it, and the ledger invariants its decisions keep.
//
// Decision (a conto): interim claims are a conto. A year's figures are the sum of its interim claims until its final
// claim; from then on the final claim's, which covers the whole year (see decide.ts, claimRefund) and whose approval
// replaces the interim approvals. What was paid on the interim claims counts towards the year, and the settlement
// pays the difference or demands it back.

import type { Check, Reason } from '../decision';
import { paidWithinApproved, refundWithinCommitment, refundWithinRate } from '../invariants';
import type { Ore } from '../money';
import type { Claim, ClaimPayment, Ledger } from './ledger';

const sum = (amounts: Iterable<Ore>): Ore => {
  let total = 0;
  for (const amount of amounts) total += amount;
  return total;
};

/** The budget years the ledger has expenses or claims in, ascending. */
export const budgetYearsOf = (state: Ledger): number[] =>
  [...new Set([...state.expenses.map((e) => e.budgetYear), ...state.claims.map((c) => c.budgetYear)])].sort(
    (a, b) => a - b,
  );

export const claimsOfYear = (state: Ledger, budgetYear: number): Claim[] =>
  state.claims.filter((claim) => claim.budgetYear === budgetYear);

export const finalClaimOf = (state: Ledger, budgetYear: number): Claim | undefined =>
  state.claims.find((claim) => claim.budgetYear === budgetYear && claim.kind === 'final');

export const settlementOf = (state: Ledger, budgetYear: number) =>
  state.settlements.find((settlement) => settlement.budgetYear === budgetYear);

const approvedInterimClaims = (state: Ledger, budgetYear: number): Claim[] =>
  claimsOfYear(state, budgetYear).filter((claim) => claim.kind === 'interim' && claim.approval !== undefined);

/** The refund approved for a year: its final claim's once settled, else the sum of its approved interim claims. */
export const approvedRefundOfYear = (state: Ledger, budgetYear: number): Ore =>
  settlementOf(state, budgetYear)?.approvedRefundOre ??
  sum(approvedInterimClaims(state, budgetYear).map((claim) => claim.approval!.approvedRefundOre));

/** The eligible expenses the year's approved refund was computed from (what the reviews accepted). */
export const approvedEligibleOfYear = (state: Ledger, budgetYear: number): Ore => {
  const settlement = settlementOf(state, budgetYear);
  if (settlement !== undefined) {
    return state.claims.find((claim) => claim.claimId === settlement.claimId)?.approval?.approvedEligibleOre ?? 0;
  }
  return sum(approvedInterimClaims(state, budgetYear).map((claim) => claim.approval!.approvedEligibleOre));
};

/** Paid for a year, less the repayments demanded for it. */
export const netPaidOfYear = (state: Ledger, budgetYear: number): Ore =>
  sum(claimsOfYear(state, budgetYear).map((claim) => claim.paidOre)) -
  sum(state.repaymentDemands.filter((d) => d.budgetYear === budgetYear).map((d) => d.amountOre));

/** The refunds approved in all, each year counted once (a conto or final). */
export const approvedRefundTotal = (state: Ledger): Ore =>
  sum(budgetYearsOf(state).map((year) => approvedRefundOfYear(state, year)));

/** What a claim may still be paid. An approved interim claim: its approved refund less what it was paid, until its
 * year is settled, then nothing (the final claim took it over). A settled year's final claim: what the year is still
 * owed. Any other claim: nothing. */
export const claimPayableOre = (state: Ledger, claim: Claim): Ore => {
  if (claim.approval === undefined) return 0;
  const settled = settlementOf(state, claim.budgetYear) !== undefined;
  if (!settled) return claim.kind === 'interim' ? Math.max(0, claim.approval.approvedRefundOre - claim.paidOre) : 0;
  if (claim.kind === 'interim') return 0;
  return Math.max(0, approvedRefundOfYear(state, claim.budgetYear) - netPaidOfYear(state, claim.budgetYear));
};

/** Spreads an amount over claims, in the order given, each up to what it may still be paid. */
export const spreadOverClaims = (
  payable: ReadonlyMap<string, Ore>,
  amountOre: Ore,
  claimIds: readonly string[],
): { parts: ClaimPayment[]; unspentOre: Ore } => {
  let left = amountOre;
  const parts: ClaimPayment[] = [];
  for (const claimId of new Set(claimIds)) {
    const part = Math.min(left, payable.get(claimId) ?? 0);
    if (part > 0) parts.push({ claimId, amountOre: part });
    left -= part;
  }
  return { parts, unspentOre: left };
};

const payableByClaim = (state: Ledger): Map<string, Ore> =>
  new Map(state.claims.map((claim) => [claim.claimId, claimPayableOre(state, claim)]));

/** A payout line another run has prepared or released and not yet paid. */
export type InFlightPayout = Readonly<{ reference: string; amountOre: Ore; claimIds: readonly string[] }>;

/** What the next payout run should pay the municipality (docs/domain.md §8): the approved refunds not yet paid, less
 * what runs already prepared or released and not yet paid hold for it (`inFlight`: their lines for this municipality;
 * a line whose reference the ledger has recorded as paid is counted once, as paid). Kept simple on purpose: whatever
 * a run holds, a payment beyond what was approved is refused by the ledger (PAID_EXCEEDS_APPROVED). */
export const payableOf = (
  state: Ledger,
  inFlight: readonly InFlightPayout[] = [],
): { amountOre: Ore; claimIds: string[] } => {
  const payable = payableByClaim(state);
  for (const line of inFlight) {
    if (state.payments.some((payment) => payment.reference === line.reference)) continue;
    for (const { claimId, amountOre } of spreadOverClaims(payable, line.amountOre, line.claimIds).parts) {
      payable.set(claimId, payable.get(claimId)! - amountOre);
    }
  }
  const claimIds = state.claims.map((claim) => claim.claimId).filter((claimId) => payable.get(claimId)! > 0);
  return { amountOre: sum(claimIds.map((claimId) => payable.get(claimId)!)), claimIds };
};

export type LedgerFigures = Readonly<{
  /** Every expense recorded (all are eligible: the others are refused). */
  expensesOre: Ore;
  /** Refunds claimed: per year, its final claim's, else the sum of its interim claims'. */
  claimedRefundOre: Ore;
  approvedRefundOre: Ore;
  /** Paid in all (gross). */
  paidOre: Ore;
  /** Repayments demanded (tilbagebetaling); paid − demanded never exceeds approved. */
  repaymentDemandedOre: Ore;
  /** Repayments received against the demands (confirmed by a second finance officer). */
  repaidOre: Ore;
  /** What the demands still ask for: demanded − repaid. */
  repaymentOutstandingOre: Ore;
  /** What lapsed (bortfald) when the ledger closed; 0 before. */
  lapsedOre: Ore;
  /** The commitment less the approved refunds. */
  remainingCommitmentOre: Ore;
}>;

/** The ledger's standing. `commitmentOre` defaults to the commitment last read by an approval or the lapse; a read
 * model that follows the commitment's stream passes the current one. */
export const ledgerFigures = (state: Ledger, commitmentOre: Ore = state.commitmentOre ?? 0): LedgerFigures => {
  const years = budgetYearsOf(state);
  const claimedOfYear = (year: number): Ore => {
    const final = finalClaimOf(state, year);
    return final?.claimedRefundOre ?? sum(claimsOfYear(state, year).map((claim) => claim.claimedRefundOre));
  };
  const approvedRefundOre = approvedRefundTotal(state);
  return {
    expensesOre: sum(state.expenses.map((expense) => expense.amountOre)),
    claimedRefundOre: sum(years.map(claimedOfYear)),
    approvedRefundOre,
    paidOre: sum(state.payments.map((payment) => payment.amountOre)),
    repaymentDemandedOre: sum(state.repaymentDemands.map((demand) => demand.amountOre)),
    repaidOre: sum(state.repaymentDemands.map((demand) => demand.receivedOre)),
    repaymentOutstandingOre: sum(state.repaymentDemands.map((demand) => demand.outstandingOre)),
    lapsedOre: state.lapse?.lapsedOre ?? 0,
    remainingCommitmentOre: commitmentOre - approvedRefundOre,
  };
};

/** The ledger invariants (see ../invariants.ts) on a ledger state: every approved refund within the rate of what
 * its review accepted, per claim and per year; the approved refunds within the commitment; paid (net of repayments)
 * within approved, per claim, per year and in all. Empty when all hold. */
export const ledgerInvariants = (state: Ledger): Reason[] => {
  const years = budgetYearsOf(state);
  const perClaim = state.claims.flatMap((claim): Check[] => {
    if (claim.approval === undefined) return [paidWithinApproved(claim.paidOre, 0, `claim ${claim.claimId}`)];
    const { approvedRefundOre, approvedEligibleOre } = claim.approval;
    return [
      refundWithinRate(approvedRefundOre, approvedEligibleOre, claim.refundRateBasisPoints),
      settlementOf(state, claim.budgetYear) === undefined
        ? paidWithinApproved(claim.paidOre, approvedRefundOre, `claim ${claim.claimId}`)
        : undefined,
    ];
  });
  const perYear = years.flatMap((year): Check[] => {
    const approved = approvedRefundOfYear(state, year);
    const rate = claimsOfYear(state, year).find((claim) => claim.approval !== undefined)?.refundRateBasisPoints;
    return [
      rate === undefined ? undefined : refundWithinRate(approved, approvedEligibleOfYear(state, year), rate),
      paidWithinApproved(netPaidOfYear(state, year), approved, `the municipality for ${year}`),
    ];
  });
  const approved = approvedRefundTotal(state);
  const netPaid = sum(years.map((year) => netPaidOfYear(state, year)));
  const inAll: Check[] = [
    approved === 0 && state.commitmentOre === undefined
      ? undefined
      : refundWithinCommitment(approved, state.commitmentOre ?? 0),
    paidWithinApproved(netPaid, approved),
  ];
  const failures = [...perClaim, ...perYear, ...inAll].filter((check): check is Reason => check !== undefined);
  // One reason per code and message: a broken claim usually breaks its year and the total as well.
  return failures.filter((f, i) => failures.findIndex((g) => g.code === f.code && g.message === f.message) === i);
};

/** docs/domain.md §8, §10: the pool closes when every municipality with a commitment has settled (its ledger closed by
 * the lapse), or at `closesAt`. `ledgers`: one per municipality with a commitment (the initial state for one that has
 * recorded nothing). */
export const poolIsClosed = (ledgers: readonly Ledger[], closesAt: Date, at: Date): boolean =>
  at >= closesAt || ledgers.every((ledger) => ledger.status === 'closed');

