// A municipality's money in a pool (stream `ledger-<poolId>-<municipalityCode>`, docs/domain.md §7–10): its expenses,
// refund claims, their reviews and approvals, the payments made to it, each budget year's final settlement, repayment
// demands, and the lapse (bortfald) of what is left of the tilsagn.
//
// Decision (consistency boundary): one stream per municipality and pool holds every figure the ledger invariants
// compare (approved ≤ 80 % of eligible and ≤ the commitment; paid ≤ approved), so one decision checks them all
// against one expected version. The course and the commitment live on streams of their own; a decision that needs
// them gets their state in its command (as StartCourse does) and records what it read in its event.
//
// Decision: rejected expenses and claims are not recorded here. They change no balance; the caller records them with
// the municipality's other rejected submissions (docs/municipal-api.md: "recorded as a rejected submission").

import type { IsoDate } from '../calendar';
import type { DomainEvent, InstantString } from '../decision';
import type { Ore } from '../money';
import type { MunicipalityCode } from '../municipality';

/////////////////////////////////////////
////////// Events
/////////////////////////////////////////

/** What a course's expense may be for (docs/municipal-api.md `ExpenseIncurred.category`; docs/domain.md §7: the costs of
 * vejledning og opkvalificering, LAB ch. 10):
 * - `kursusafgift`: the course fee charged by the provider;
 * - `materialer`: books, materials, equipment for the course;
 * - `transport`: the participant's travel to and from the course;
 * - `vejledning`: guidance around the course (counselling, mentoring);
 * - `ydelse`: benefits paid to the citizen while on the course — never refundable (EXPENSE_NOT_REFUNDABLE);
 * - `andet`: any other cost of the course, described by its invoice. */
export const EXPENSE_CATEGORIES = ['kursusafgift', 'materialer', 'transport', 'vejledning', 'ydelse', 'andet'] as const;

export type ExpenseCategory = (typeof EXPENSE_CATEGORIES)[number];

/** docs/domain.md §7: "Benefits paid to the citizen (ydelse) are not refundable". */
export const NON_REFUNDABLE_EXPENSE_CATEGORIES: readonly ExpenseCategory[] = ['ydelse'];

/** A conto (interim) during a year, or the year's one final claim with its statement (docs/domain.md §8). */
export const CLAIM_KINDS = ['interim', 'final'] as const;

export type ClaimKind = (typeof CLAIM_KINDS)[number];

/** The final claim's statement: signed by the municipality's management, certified by its auditor (docs/domain.md §8). */
export type FinalStatement = Readonly<{ signedBy: string; auditorCertified: boolean; documentRef: string }>;

/** An expense is named by its course and its id (expenseId is unique per course). */
export type ExpenseRef = Readonly<{ courseId: string; expenseId: string }>;

export type ClaimedExpense = ExpenseRef & Readonly<{ amountOre: Ore }>;

/** An expense the caseworker approved for less than its amount, and why. */
export type ExpenseCut = ExpenseRef & Readonly<{ amountOre: Ore; approvedOre: Ore; reason: string }>;

/** A part of a payment, paid against one claim. */
export type ClaimPayment = Readonly<{ claimId: string; amountOre: Ore }>;

/** An expense of a started course, accepted and booked to a budget year. Every recorded expense is eligible: the
 * ones that are not (ydelse, after the cancellation, outside the budget years) are refused. */
export type ExpenseIncurred = DomainEvent<
  'ExpenseIncurred',
  {
    poolId: string;
    municipalityCode: MunicipalityCode;
    courseId: string;
    expenseId: string;
    category: ExpenseCategory;
    amountOre: Ore;
    incurredOn: IsoDate;
    invoiceRef: string;
    /** The year it books to (budgetYearOf): the year incurred, or the last budget year for run-off. */
    budgetYear: number;
    decidedAt: InstantString;
  }
>;

/** A refund claim, with the expenses it covers and the refund claimed on them (rate of the total, rounded down,
 * capped by what remained of the commitment at the claim). */
export type RefundClaimed = DomainEvent<
  'RefundClaimed',
  {
    poolId: string;
    municipalityCode: MunicipalityCode;
    claimId: string;
    budgetYear: number;
    kind: ClaimKind;
    upTo: IsoDate;
    /** A final claim's statement; absent on interim claims. */
    statement?: FinalStatement;
    expenses: ClaimedExpense[];
    eligibleOre: Ore;
    refundBeforeCapOre: Ore;
    claimedRefundOre: Ore;
    /** The commitment read at the claim, and the rate of the pool: what the figures were computed with. */
    commitmentOre: Ore;
    refundRateBasisPoints: number;
    claimedAt: InstantString;
  }
>;

/** A caseworker's review: the claim approved in full, or in part with a reason for each expense cut. Reviewing
 * again before the approval replaces the review. */
export type ClaimReviewed = DomainEvent<
  'ClaimReviewed',
  {
    poolId: string;
    municipalityCode: MunicipalityCode;
    claimId: string;
    reviewedBy: string;
    /** Every expense of the claim approved for less than its amount (including cuts carried from an earlier
     * approved review); the others are approved in full. */
    cuts: ExpenseCut[];
    approvedEligibleOre: Ore;
    reviewedAt: InstantString;
  }
>;

/** A second person approved the review (four-eyes): the refund is approved. */
export type ClaimApproved = DomainEvent<
  'ClaimApproved',
  {
    poolId: string;
    municipalityCode: MunicipalityCode;
    claimId: string;
    budgetYear: number;
    kind: ClaimKind;
    reviewedBy: string;
    approvedBy: string;
    approvedEligibleOre: Ore;
    refundBeforeCapOre: Ore;
    approvedRefundOre: Ore;
    /** The commitment read at the approval, which capped the refund. */
    commitmentOre: Ore;
    approvedAt: InstantString;
  }
>;

/** Endelig opgørelse: a budget year settled when its final claim is approved, in the same decision (so that paid ≤
 * approved holds after every decision). `owedOre` is paid by the next payout runs; `repaymentOre` is demanded. */
export type BudgetYearSettled = DomainEvent<
  'BudgetYearSettled',
  {
    poolId: string;
    municipalityCode: MunicipalityCode;
    budgetYear: number;
    /** The final claim. */
    claimId: string;
    /** The year's approved refund: the final claim's, which replaces the year's a conto approvals. */
    approvedRefundOre: Ore;
    /** What had been paid for the year (net of repayments demanded) when it was settled. */
    paidOre: Ore;
    owedOre: Ore;
    repaymentOre: Ore;
    settledAt: InstantString;
  }
>;

/** Tilbagebetaling: the municipality must pay back what was paid for the year beyond its approved refund. */
export type RepaymentDemanded = DomainEvent<
  'RepaymentDemanded',
  {
    poolId: string;
    municipalityCode: MunicipalityCode;
    budgetYear: number;
    claimId: string;
    amountOre: Ore;
    demandedAt: InstantString;
  }
>;

/** Money paid back against the repayment demand of a budget year, as a finance officer recorded it. */
export type RepaymentReceiptData = Readonly<{
  poolId: string;
  municipalityCode: MunicipalityCode;
  /** The demand's budget year (one demand per year: its final settlement's). */
  budgetYear: number;
  amountOre: Ore;
  /** The day the money reached the agency's account. */
  receivedOn: IsoDate;
  /** The bank's or the municipality's reference of the transfer. */
  reference: string;
  preparedBy: string;
}>;

/** A finance officer records money the municipality paid back against a repayment demand; a second finance officer
 * confirms it (four-eyes). Preparing again before the confirmation replaces the pending receipt. */
export type RepaymentReceiptPrepared = DomainEvent<
  'RepaymentReceiptPrepared',
  RepaymentReceiptData & { preparedAt: InstantString }
>;

/** The receipt confirmed by a second finance officer: the demand's outstanding amount falls by it. */
export type RepaymentReceived = DomainEvent<
  'RepaymentReceived',
  RepaymentReceiptData & {
    confirmedBy: string;
    /** What the demand still asks for after this receipt; 0 settles it. */
    outstandingOre: Ore;
    confirmedAt: InstantString;
  }
>;

/** Udbetaling: one payment of a payout run to the municipality, spread over the claims it pays. */
export type PaymentMade = DomainEvent<
  'PaymentMade',
  {
    poolId: string;
    municipalityCode: MunicipalityCode;
    /** paymentReference(poolId, municipalityCode, runDate): the idempotency key at the payment port. */
    reference: string;
    runDate: IsoDate;
    amountOre: Ore;
    claims: ClaimPayment[];
    paidAt: InstantString;
  }
>;

/** Bortfald: what is left of the tilsagn lapses (commitment − approved refunds) and the ledger closes to expenses and
 * claims (docs/domain.md §8, §10). After the last budget year's settlement, or when the pool closes (`closesAt`). Payments
 * of what is still owed go on. */
export type CommitmentLapsed = DomainEvent<
  'CommitmentLapsed',
  {
    poolId: string;
    municipalityCode: MunicipalityCode;
    commitmentOre: Ore;
    approvedRefundOre: Ore;
    lapsedOre: Ore;
    reason: 'settled' | 'pool-closed';
    lapsedAt: InstantString;
  }
>;

export type LedgerEvent =
  | ExpenseIncurred
  | RefundClaimed
  | ClaimReviewed
  | ClaimApproved
  | BudgetYearSettled
  | RepaymentDemanded
  | RepaymentReceiptPrepared
  | RepaymentReceived
  | PaymentMade
  | CommitmentLapsed;

/////////////////////////////////////////
////////// Ledger
/////////////////////////////////////////

export type Expense = Readonly<{
  courseId: string;
  expenseId: string;
  category: ExpenseCategory;
  amountOre: Ore;
  incurredOn: IsoDate;
  invoiceRef: string;
  budgetYear: number;
  recordedAt: Date;
  /** The claims that covered it, oldest first: at most one interim claim, then the year's final claim. */
  claimIds: readonly string[];
  /** What the last approved review accepted of it (undefined until a claim covering it is approved). */
  approvedOre?: Ore;
  /** Why it was cut, when approvedOre is below its amount. */
  cutReason?: string;
}>;

export type ClaimReview = Readonly<{
  reviewedBy: string;
  cuts: readonly ExpenseCut[];
  approvedEligibleOre: Ore;
  reviewedAt: Date;
}>;

export type ClaimApproval = Readonly<{
  approvedBy: string;
  approvedEligibleOre: Ore;
  refundBeforeCapOre: Ore;
  approvedRefundOre: Ore;
  approvedAt: Date;
}>;

export type Claim = Readonly<{
  claimId: string;
  budgetYear: number;
  kind: ClaimKind;
  upTo: IsoDate;
  statement?: FinalStatement;
  status: 'claimed' | 'reviewed' | 'approved';
  expenses: readonly ClaimedExpense[];
  eligibleOre: Ore;
  claimedRefundOre: Ore;
  refundRateBasisPoints: number;
  claimedAt: Date;
  /** The current review (replaced by a new one until the approval). */
  review?: ClaimReview;
  approval?: ClaimApproval;
  /** Paid against this claim so far. */
  paidOre: Ore;
}>;

export type Payment = Readonly<{
  reference: string;
  runDate: IsoDate;
  amountOre: Ore;
  claims: readonly ClaimPayment[];
  paidAt: Date;
}>;

export type BudgetYearSettlement = Readonly<{
  budgetYear: number;
  claimId: string;
  approvedRefundOre: Ore;
  paidOre: Ore;
  owedOre: Ore;
  repaymentOre: Ore;
  settledAt: Date;
}>;

/** A receipt prepared against a repayment demand, waiting for a second finance officer's confirmation. */
export type PendingRepaymentReceipt = Readonly<{
  amountOre: Ore;
  receivedOn: IsoDate;
  reference: string;
  preparedBy: string;
  preparedAt: Date;
}>;

/** Money received against a repayment demand, confirmed by a second finance officer. */
export type RepaymentReceipt = Readonly<{
  amountOre: Ore;
  receivedOn: IsoDate;
  reference: string;
  preparedBy: string;
  confirmedBy: string;
  confirmedAt: Date;
}>;

/** A repayment demand (tilbagebetaling) and what has been received against it: `outstanding` until the receipts add
 * up to its amount, then `settled`. */
export type RepaymentDemand = Readonly<{
  budgetYear: number;
  claimId: string;
  amountOre: Ore;
  demandedAt: Date;
  status: 'outstanding' | 'settled';
  /** Received in all (the sum of `receipts`). */
  receivedOre: Ore;
  /** The demand's amount less what was received. */
  outstandingOre: Ore;
  receipts: readonly RepaymentReceipt[];
  pendingReceipt: PendingRepaymentReceipt | null;
}>;

export type Lapse = Readonly<{
  commitmentOre: Ore;
  approvedRefundOre: Ore;
  lapsedOre: Ore;
  reason: 'settled' | 'pool-closed';
  lapsedAt: Date;
}>;

/** A municipality's refund ledger in one pool. `open` until the tilsagn lapses, then `closed` to expenses, claims and
 * reviews; payments of what is owed go on. */
export type Ledger = Readonly<{
  status: 'open' | 'closed';
  /** The ledger's pool and municipality, from its first event (undefined while it has none). */
  poolId?: string;
  municipalityCode?: MunicipalityCode;
  /** The commitment as last read by an approval or the lapse: the invariants compare approved refunds with it. */
  commitmentOre?: Ore;
  expenses: readonly Expense[];
  claims: readonly Claim[];
  payments: readonly Payment[];
  settlements: readonly BudgetYearSettlement[];
  repaymentDemands: readonly RepaymentDemand[];
  lapse?: Lapse;
}>;

export const initialState = (): Ledger => ({
  status: 'open',
  expenses: [],
  claims: [],
  payments: [],
  settlements: [],
  repaymentDemands: [],
});

export const isSameExpense = (one: ExpenseRef, other: ExpenseRef): boolean =>
  one.courseId === other.courseId && one.expenseId === other.expenseId;

/** One string per expense, for lookups: a final claim may cover thousands of a municipality's expenses. */
export const expenseKey = ({ courseId, expenseId }: ExpenseRef): string => JSON.stringify([courseId, expenseId]);

/////////////////////////////////////////
////////// Evolve
/////////////////////////////////////////

const withClaim = (state: Ledger, claimId: string, change: (claim: Claim) => Claim): Ledger => ({
  ...state,
  claims: state.claims.map((claim) => (claim.claimId === claimId ? change(claim) : claim)),
});

const withRepaymentDemand = (
  state: Ledger,
  budgetYear: number,
  change: (demand: RepaymentDemand) => RepaymentDemand,
): Ledger => ({
  ...state,
  repaymentDemands: state.repaymentDemands.map((demand) =>
    demand.budgetYear === budgetYear ? change(demand) : demand,
  ),
});

const identityOf = (state: Ledger, data: { poolId: string; municipalityCode: MunicipalityCode }) => ({
  poolId: state.poolId ?? data.poolId,
  municipalityCode: state.municipalityCode ?? data.municipalityCode,
});

export const evolve = (state: Ledger, event: LedgerEvent): Ledger => {
  const { type, data } = event;
  const current = { ...state, ...identityOf(state, data) };

  switch (type) {
    case 'ExpenseIncurred': {
      const { courseId, expenseId, category, amountOre, incurredOn, invoiceRef, budgetYear, decidedAt } = data;
      const expense: Expense = {
        courseId,
        expenseId,
        category,
        amountOre,
        incurredOn,
        invoiceRef,
        budgetYear,
        recordedAt: new Date(decidedAt),
        claimIds: [],
      };
      return { ...current, expenses: [...current.expenses, expense] };
    }
    case 'RefundClaimed': {
      const { claimId, budgetYear, kind, upTo, statement, expenses, eligibleOre, claimedRefundOre } = data;
      const claim: Claim = {
        claimId,
        budgetYear,
        kind,
        upTo,
        ...(statement === undefined ? {} : { statement }),
        status: 'claimed',
        expenses,
        eligibleOre,
        claimedRefundOre,
        refundRateBasisPoints: data.refundRateBasisPoints,
        claimedAt: new Date(data.claimedAt),
        paidOre: 0,
      };
      const covered = new Set(expenses.map(expenseKey));
      return {
        ...current,
        claims: [...current.claims, claim],
        expenses: current.expenses.map((expense) =>
          covered.has(expenseKey(expense)) ? { ...expense, claimIds: [...expense.claimIds, claimId] } : expense,
        ),
      };
    }
    case 'ClaimReviewed': {
      const { claimId, reviewedBy, cuts, approvedEligibleOre, reviewedAt } = data;
      const review: ClaimReview = { reviewedBy, cuts, approvedEligibleOre, reviewedAt: new Date(reviewedAt) };
      return withClaim(current, claimId, (claim) =>
        claim.status === 'approved' ? claim : { ...claim, status: 'reviewed', review },
      );
    }
    case 'ClaimApproved': {
      const { claimId, approvedBy, approvedEligibleOre, refundBeforeCapOre, approvedRefundOre, approvedAt } = data;
      const approval: ClaimApproval = {
        approvedBy,
        approvedEligibleOre,
        refundBeforeCapOre,
        approvedRefundOre,
        approvedAt: new Date(approvedAt),
      };
      const approved = withClaim(current, claimId, (claim) => ({ ...claim, status: 'approved', approval }));
      const claim = approved.claims.find((c) => c.claimId === claimId);
      const covered = new Set((claim?.expenses ?? []).map(expenseKey));
      const cuts = new Map((claim?.review?.cuts ?? []).map((cut) => [expenseKey(cut), cut]));
      return {
        ...approved,
        commitmentOre: data.commitmentOre,
        // The approved amount of each expense of the claim: its cut, else the whole amount.
        expenses: approved.expenses.map((expense) => {
          if (!covered.has(expenseKey(expense))) return expense;
          const cut = cuts.get(expenseKey(expense));
          const { cutReason: _dropped, ...rest } = expense;
          return cut === undefined
            ? { ...rest, approvedOre: expense.amountOre }
            : { ...rest, approvedOre: cut.approvedOre, cutReason: cut.reason };
        }),
      };
    }
    case 'BudgetYearSettled': {
      const { budgetYear, claimId, approvedRefundOre, paidOre, owedOre, repaymentOre, settledAt } = data;
      const settlement: BudgetYearSettlement = {
        budgetYear,
        claimId,
        approvedRefundOre,
        paidOre,
        owedOre,
        repaymentOre,
        settledAt: new Date(settledAt),
      };
      return { ...current, settlements: [...current.settlements, settlement] };
    }
    case 'RepaymentDemanded': {
      const { budgetYear, claimId, amountOre, demandedAt } = data;
      const demand: RepaymentDemand = {
        budgetYear,
        claimId,
        amountOre,
        demandedAt: new Date(demandedAt),
        status: 'outstanding',
        receivedOre: 0,
        outstandingOre: amountOre,
        receipts: [],
        pendingReceipt: null,
      };
      return { ...current, repaymentDemands: [...current.repaymentDemands, demand] };
    }
    case 'RepaymentReceiptPrepared': {
      const { budgetYear, amountOre, receivedOn, reference, preparedBy, preparedAt } = data;
      const pendingReceipt = { amountOre, receivedOn, reference, preparedBy, preparedAt: new Date(preparedAt) };
      return withRepaymentDemand(current, budgetYear, (demand) => ({ ...demand, pendingReceipt }));
    }
    case 'RepaymentReceived': {
      const { budgetYear, amountOre, receivedOn, reference, preparedBy, confirmedBy, confirmedAt } = data;
      const receipt: RepaymentReceipt = {
        amountOre,
        receivedOn,
        reference,
        preparedBy,
        confirmedBy,
        confirmedAt: new Date(confirmedAt),
      };
      return withRepaymentDemand(current, budgetYear, (demand) => {
        const receivedOre = demand.receivedOre + amountOre;
        const outstandingOre = demand.amountOre - receivedOre;
        return {
          ...demand,
          status: outstandingOre > 0 ? 'outstanding' : 'settled',
          receivedOre,
          outstandingOre,
          receipts: [...demand.receipts, receipt],
          pendingReceipt: null,
        };
      });
    }
    case 'PaymentMade': {
      const { reference, runDate, amountOre, claims, paidAt } = data;
      const payment: Payment = { reference, runDate, amountOre, claims, paidAt: new Date(paidAt) };
      return {
        ...current,
        payments: [...current.payments, payment],
        claims: current.claims.map((claim) => {
          const paid = claims
            .filter((part) => part.claimId === claim.claimId)
            .reduce((sum, part) => sum + part.amountOre, 0);
          return paid === 0 ? claim : { ...claim, paidOre: claim.paidOre + paid };
        }),
      };
    }
    case 'CommitmentLapsed': {
      const { commitmentOre, approvedRefundOre, lapsedOre, reason, lapsedAt } = data;
      return {
        ...current,
        status: 'closed',
        commitmentOre,
        lapse: { commitmentOre, approvedRefundOre, lapsedOre, reason, lapsedAt: new Date(lapsedAt) },
      };
    }
    default: {
      const _unknownEvent: never = type;
      return state;
    }
  }
};
