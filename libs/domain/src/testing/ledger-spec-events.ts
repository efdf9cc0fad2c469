// The events the ledger's specs expect (claimed, reviewed, approved …) and the histories they start from: the
// expenses of Københavns Kommune and a year 2019 claimed a conto, approved and paid. Test-only.

import { replay } from '../decision';
import { deciderSpecification } from './decider-specification';
import {
  approve,
  at,
  expense,
  history,
  interimClaim,
  municipalityCode,
  payment,
  poolId,
  review,
  statement,
} from './ledger-fixtures';
import {
  ledgerDecider,
  type ApproveClaim,
  type ClaimRefund,
  type RecordExpense,
  type ReviewClaim,
} from '../ledger/decide';
import type { ClaimApproved, ClaimedExpense, ClaimReviewed, ExpenseCut, RefundClaimed } from '../ledger/ledger';

export const given = deciderSpecification(ledgerDecider);

// --- expenses of Københavns Kommune (see ledger-fixtures: A started 2019, B 2020 into 2021, C cancelled 15 Apr 2020)

export const a1 = expense('KBH-A', 'A-1', 400_001, '2019-12-16');
export const a2 = expense('KBH-A', 'A-2', 50_001, '2019-12-20', { category: 'materialer' });
export const a4 = expense('KBH-A', 'A-4', 200_000, '2020-01-15');
export const c1 = expense('KBH-C', 'C-1', 100_000, '2020-03-02');
export const b1 = expense('KBH-B', 'B-1', 300_000, '2020-09-01');
export const b2 = expense('KBH-B', 'B-2', 150_000, '2021-01-20', { category: 'vejledning' });

export const expenses2019 = history([a1, a2]);
export const expensesBothYears = history([a1, a2, a4, c1, b1, b2]);

export const claimedExpense = (command: RecordExpense): ClaimedExpense => {
  const { courseId, expenseId, amountOre } = command.data;
  return { courseId, expenseId, amountOre };
};

/** The event of an accepted claim, with its figures. */
export const claimed = (
  command: ClaimRefund,
  expenses: RecordExpense[],
  claimedRefundOre: number,
  { refundBeforeCapOre = claimedRefundOre, commitmentOre = 1_000_000 } = {},
): RefundClaimed => {
  const { claimId, budgetYear, kind, upTo, at: claimedAt } = command.data;
  return {
    type: 'RefundClaimed',
    data: {
      poolId,
      municipalityCode,
      claimId,
      budgetYear,
      kind: kind as 'interim' | 'final',
      upTo,
      ...(kind === 'final' ? { statement } : {}),
      expenses: expenses.map(claimedExpense),
      eligibleOre: expenses.reduce((sum, e) => sum + e.data.amountOre, 0),
      refundBeforeCapOre,
      claimedRefundOre,
      commitmentOre,
      refundRateBasisPoints: 8_000,
      claimedAt: claimedAt.toISOString(),
    },
  };
};

export const reviewed = (command: ReviewClaim, cuts: ExpenseCut[], approvedEligibleOre: number): ClaimReviewed => ({
  type: 'ClaimReviewed',
  data: {
    poolId,
    municipalityCode,
    claimId: command.data.claimId,
    reviewedBy: command.data.reviewedBy,
    cuts,
    approvedEligibleOre,
    reviewedAt: command.data.at.toISOString(),
  },
});

export const approvedBy = (
  command: ApproveClaim,
  figures: { budgetYear: number; kind: 'interim' | 'final'; approvedEligibleOre: number; approvedRefundOre: number },
  { refundBeforeCapOre = figures.approvedRefundOre, commitmentOre = 1_000_000 } = {},
): ClaimApproved => ({
  type: 'ClaimApproved',
  data: {
    poolId,
    municipalityCode,
    claimId: command.data.claimId,
    reviewedBy: 'karin.sagsbehandler',
    approvedBy: command.data.approvedBy,
    ...figures,
    refundBeforeCapOre,
    commitmentOre,
    approvedAt: command.data.at.toISOString(),
  },
});

export const decided = (command: Parameters<typeof ledgerDecider.decide>[0], events: Parameters<typeof history>[1]) =>
  ledgerDecider.decide(command, replay(ledgerDecider, events ?? []));

// --- a year 2019 claimed a conto, approved and paid: 360,001 øre

export const i2019 = interimClaim('I-2019-1', 2019, '2019-12-31', at('2020-01-10'));
export const paid2019 = history(
  [
    i2019,
    review('I-2019-1', at('2020-01-15')),
    approve('I-2019-1', at('2020-01-20')),
    payment('2020-01-31', 360_001, ['I-2019-1']),
  ],
  expenses2019,
);

