import { commitmentDecider } from '../commitment/decide';
import { courseDecider } from '../course/decide';
import { replay } from '../decision';
import { paymentReference } from '../payout-run/payment-reference';
import { poolDecider } from '../pool/decide';
import { deciderSpecification } from '../testing/decider-specification';
import {
  approve,
  at,
  closeLedger,
  commitmentOf,
  courseOf,
  expense,
  finalClaim,
  history,
  incurred,
  interimClaim,
  municipalityCode,
  payment,
  poolId,
  review,
  statement,
} from '../testing/ledger-fixtures';
import { ledgerDecider, type ApproveClaim, type ClaimRefund, type RecordExpense, type ReviewClaim } from './decide';
import { ledgerFigures, payableOf } from './figures';
import type {
  BudgetYearSettled,
  ClaimApproved,
  ClaimedExpense,
  ClaimReviewed,
  CommitmentLapsed,
  ExpenseCut,
  PaymentMade,
  RefundClaimed,
  RepaymentDemanded,
} from './ledger';

const given = deciderSpecification(ledgerDecider);

// --- expenses of Københavns Kommune (see ledger-fixtures: A started 2019, B 2020 into 2021, C cancelled 15 Apr 2020)

const a1 = expense('KBH-A', 'A-1', 400_001, '2019-12-16');
const a2 = expense('KBH-A', 'A-2', 50_001, '2019-12-20', { category: 'materialer' });
const a4 = expense('KBH-A', 'A-4', 200_000, '2020-01-15');
const c1 = expense('KBH-C', 'C-1', 100_000, '2020-03-02');
const b1 = expense('KBH-B', 'B-1', 300_000, '2020-09-01');
const b2 = expense('KBH-B', 'B-2', 150_000, '2021-01-20', { category: 'vejledning' });

const expenses2019 = history([a1, a2]);
const expensesBothYears = history([a1, a2, a4, c1, b1, b2]);

const claimedExpense = (command: RecordExpense): ClaimedExpense => {
  const { courseId, expenseId, amountOre } = command.data;
  return { courseId, expenseId, amountOre };
};

/** The event of an accepted claim, with its figures. */
const claimed = (
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

const reviewed = (command: ReviewClaim, cuts: ExpenseCut[], approvedEligibleOre: number): ClaimReviewed => ({
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

const approvedBy = (
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

const decided = (command: Parameters<typeof ledgerDecider.decide>[0], events: Parameters<typeof history>[1]) =>
  ledgerDecider.decide(command, replay(ledgerDecider, events ?? []));

// --- a year 2019 claimed a conto, approved and paid: 360,001 øre

const i2019 = interimClaim('I-2019-1', 2019, '2019-12-31', at('2020-01-10'));
const paid2019 = history(
  [
    i2019,
    review('I-2019-1', at('2020-01-15')),
    approve('I-2019-1', at('2020-01-20')),
    payment('2020-01-31', 360_001, ['I-2019-1']),
  ],
  expenses2019,
);

describe('Ledger (docs/domain.md §7–10)', () => {
  describe('RecordExpense (docs/domain.md §7)', () => {
    it('records an expense of a started course, booked to the budget year it was incurred in', () => {
      given([]).when(a1).then([incurred(a1, 2019)]);
      given(expenses2019).when(a4).then([incurred(a4, 2020)]);
    });

    it('books run-off in 2021 of a course started in 2020 to 2020 (docs/domain.md §8)', () => {
      given([]).when(b2).then([incurred(b2, 2020)]);
    });

    it('refuses an expense after the last budget year of a course started before it (OUTSIDE_BUDGET_YEARS)', () => {
      given([]).when(expense('KBH-A', 'A-9', 10_000, '2021-01-05')).thenRejects('OUTSIDE_BUDGET_YEARS');
      given([])
        .when(expense('KBH-A', 'A-0', 10_000, '2018-12-31'))
        .thenRejects('EXPENSE_BEFORE_COURSE_START', 'OUTSIDE_BUDGET_YEARS');
    });

    it('refuses an expense dated before its course started (EXPENSE_BEFORE_COURSE_START), takes the start day', () => {
      // KBH-B started on 1 Sep 2020; KBH-C on 2 Mar 2020.
      given([]).when(expense('KBH-B', 'B-0', 10_000, '2020-08-31')).thenRejects('EXPENSE_BEFORE_COURSE_START');
      given([]).when(expense('KBH-C', 'C-0', 10_000, '2019-12-20')).thenRejects('EXPENSE_BEFORE_COURSE_START');
      const onTheDay = expense('KBH-B', 'B-0', 10_000, '2020-09-01');
      given([]).when(onTheDay).then([incurred(onTheDay, 2020)]);
    });

    it.each(['kursusafgift', 'materialer', 'transport', 'vejledning', 'andet'])('takes category %s', (category) => {
      const command = expense('KBH-A', 'A-1', 1, '2019-12-16', { category });
      given([]).when(command).then([incurred(command, 2019)]);
    });

    it('refuses benefits paid to the citizen (ydelse): not refundable (EXPENSE_NOT_REFUNDABLE)', () => {
      given([]).when(expense('KBH-A', 'A-3', 30_000, '2019-12-20', { category: 'ydelse' })).thenRejects(
        'EXPENSE_NOT_REFUNDABLE',
      );
    });

    it('keeps the expenses of a cancelled course up to its cancellation day, refuses those after it', () => {
      const onTheDay = expense('KBH-C', 'C-2', 5_000, '2020-04-15', { category: 'transport' });
      given([]).when(onTheDay).then([incurred(onTheDay, 2020)]);
      // reported after the cancellation, incurred before it: kept
      const before = expense('KBH-C', 'C-3', 25_000, '2020-04-10', { at: at('2020-05-01') });
      given([]).when(before).then([incurred(before, 2020)]);
      given([])
        .when(expense('KBH-C', 'C-4', 5_000, '2020-04-16', { category: 'transport' }))
        .thenRejects('EXPENSE_AFTER_CANCELLATION');
    });

    it('refuses an expense of a course whose start was not accepted, or of another course (UNKNOWN_COURSE)', () => {
      given([]).when(expense('KBH-A', 'A-1', 1, '2019-12-16', { course: courseDecider.initialState() })).thenRejects(
        'UNKNOWN_COURSE',
      );
      given([]).when(expense('KBH-A', 'A-1', 1, '2019-12-16', { courseId: 'KBH-X' })).thenRejects('UNKNOWN_COURSE');
      const otherMunicipality = courseOf('KBH-A', '2019-12-16', '2020-03-13', { code: '147' });
      given([]).when(expense('KBH-A', 'A-1', 1, '2019-12-16', { course: otherMunicipality })).thenRejects(
        'UNKNOWN_COURSE',
      );
    });

    it('refuses an expenseId used before on the same course (DUPLICATE_EXPENSE_ID), not on another', () => {
      given(expenses2019).when(expense('KBH-A', 'A-1', 7, '2019-12-17')).thenRejects('DUPLICATE_EXPENSE_ID');
      const sameIdOtherCourse = expense('KBH-B', 'A-1', 7, '2020-09-02');
      given(expenses2019).when(sameIdOtherCourse).then([incurred(sameIdOtherCourse, 2020)]);
    });

    it.each([0, -100, 0.5])('refuses %p øre (INVALID_AMOUNT)', (amountOre) => {
      given([]).when(expense('KBH-A', 'A-1', amountOre, '2019-12-16')).thenRejects('INVALID_AMOUNT');
    });

    it('refuses an expense dated after the day it is reported (EXPENSE_IN_FUTURE)', () => {
      given([])
        .when(expense('KBH-A', 'A-1', 1, '2019-12-16', { at: at('2019-12-15', '23:59') }))
        .thenRejects('EXPENSE_IN_FUTURE');
    });

    it('refuses malformed reports, with every reason at once', () => {
      given([])
        .when(expense('KBH-A', 'A-1', 0, '2019-12-16', { incurredOn: 'den 16.', category: 'ydelse', invoiceRef: ' ' }))
        .thenRejects('SCHEMA_INVALID', 'SCHEMA_INVALID', 'INVALID_AMOUNT', 'EXPENSE_NOT_REFUNDABLE');
      given([]).when(expense('KBH-A', 'A-1', 1, '2019-12-16', { category: 'kaffe' })).thenRejects('SCHEMA_INVALID');
    });

    it('refuses an expense when the pool is not open (UNKNOWN_POOL)', () => {
      given([]).when(expense('KBH-A', 'A-1', 1, '2019-12-16', { pool: poolDecider.initialState() })).thenRejects(
        'UNKNOWN_POOL',
      );
    });

    it('refuses an expense of a year whose final claim was made: nothing could claim it (FINAL_CLAIM_EXISTS)', () => {
      const finalClaimed = history([finalClaim('F-2019', 2019, '2019-12-31', at('2020-03-20'))], expenses2019);
      given(finalClaimed)
        .when(expense('KBH-A', 'A-5', 1_000, '2019-12-30', { at: at('2020-03-25') }))
        .thenRejects('FINAL_CLAIM_EXISTS');
      const next = expense('KBH-A', 'A-4', 200_000, '2020-01-15', { at: at('2020-03-25') });
      given(finalClaimed).when(next).then([incurred(next, 2020)]);
    });
  });

  describe('ClaimRefund (docs/domain.md §7–8)', () => {
    it('claims 80 % of the unclaimed expenses up to the date, rounded down on the total, not per expense', () => {
      // 400,001 + 50,001 = 450,002 øre; 80 % = 360,001.6 → 360,001.
      // Per expense it would be 320,000 + 40,000 = 360,000.
      given(expenses2019).when(i2019).then([claimed(i2019, [a1, a2], 360_001)]);
    });

    it('covers only the budget year asked for, up to its date, and not what an earlier claim covered', () => {
      const first = interimClaim('I-2020-1', 2020, '2020-06-30', at('2020-07-06'));
      // A-4 (15 Jan) and C-1 (2 Mar) are 2020 and up to 30 June; are 2019; B-1, B-2 after 30 June.
      given(expensesBothYears).when(first).then([claimed(first, [a4, c1], 240_000)]);
      const second = interimClaim('I-2020-2', 2020, '2020-12-31', at('2021-01-06'));
      // after the first: B-1 only (B-2, 20 Jan 2021, is after 31 Dec 2020)
      given(history([first], expensesBothYears)).when(second).then([claimed(second, [b1], 240_000)]);
    });

    it('caps the refund claimed by what remains of the commitment after the refunds approved', () => {
      const small = commitmentOf(300_000);
      const command = interimClaim('I-2019-1', 2019, '2019-12-31', at('2020-01-10'), { commitment: small });
      given(expenses2019)
        .when(command)
        .then([claimed(command, [a1, a2], 300_000, { refundBeforeCapOre: 360_001, commitmentOre: 300_000 })]);
      // 2020: A-4 + C-1 = 300,000 → 240,000, but 1,000,000 − 360,001 approved leaves 639,999: not capped;
      // with a 500,000 tilsagn 139,999 remains.
      const half = commitmentOf(500_000);
      const next = interimClaim('I-2020-1', 2020, '2020-06-30', at('2020-07-06'), { commitment: half });
      given(history([a4, c1], paid2019))
        .when(next)
        .then([claimed(next, [a4, c1], 139_999, { refundBeforeCapOre: 240_000, commitmentOre: 500_000 })]);
    });

    it('makes the final claim the whole year: every expense of it, those claimed a conto included', () => {
      const command = finalClaim('F-2019', 2019, '2019-12-31', at('2020-03-20'));
      // the year's own a conto approval (360,001) is left out of the cap: it is replaced by the final one
      const small = commitmentOf(400_000);
      given(paid2019).when(command).then([claimed(command, [a1, a2], 360_001)]);
      given(paid2019)
        .when({ ...command, data: { ...command.data, commitment: small } })
        .then([claimed(command, [a1, a2], 360_001, { commitmentOre: 400_000 })]);
    });

    it('refuses a claim with no expenses to cover (NOTHING_TO_CLAIM)', () => {
      given([]).when(i2019).thenRejects('NOTHING_TO_CLAIM');
      given(paid2019)
        .when(interimClaim('I-2019-2', 2019, '2019-12-31', at('2020-02-10')))
        .thenRejects('NOTHING_TO_CLAIM');
      given(expenses2019).when(interimClaim('I-2019-0', 2019, '2019-12-15', at('2020-01-10'))).thenRejects(
        'NOTHING_TO_CLAIM',
      );
    });

    it('refuses a claimId used before (DUPLICATE_CLAIM_ID)', () => {
      given(history([a4], paid2019))
        .when(interimClaim('I-2019-1', 2020, '2020-06-30', at('2020-07-06')))
        .thenRejects('DUPLICATE_CLAIM_ID');
    });

    it('refuses a final claim without a complete statement (STATEMENT_MISSING)', () => {
      const final = (change: Partial<ClaimRefund['data']>) =>
        finalClaim('F-2019', 2019, '2019-12-31', at('2020-03-20'), change);
      given(expenses2019).when(final({ statement: undefined })).thenRejects('STATEMENT_MISSING');
      given(expenses2019).when(final({ statement: { ...statement, auditorCertified: false } })).thenRejects(
        'STATEMENT_MISSING',
      );
      given(expenses2019).when(final({ statement: { ...statement, signedBy: ' ', documentRef: '' } })).thenRejects(
        'STATEMENT_MISSING',
      );
    });

    describe('CLAIM_DEADLINE_PASSED: 1 April of the following year, 12:00 Copenhagen, never moved', () => {
      it('accepts a final claim at 11:59:59.999 and refuses one at 12:00:00.000', () => {
        const justBefore = new Date(at('2020-04-01', '11:59:59').getTime() + 999);
        const command = finalClaim('F-2019', 2019, '2019-12-31', justBefore);
        expect(justBefore.toISOString()).toBe('2020-04-01T09:59:59.999Z'); // summer time, UTC+2
        given(expenses2019).when(command).then([claimed(command, [a1, a2], 360_001)]);
        given(expenses2019)
          .when(finalClaim('F-2019', 2019, '2019-12-31', at('2020-04-01', '12:00')))
          .thenRejects('CLAIM_DEADLINE_PASSED');
      });

      it('ends interim claims for the year as well', () => {
        given(expenses2019)
          .when(interimClaim('I-2019-1', 2019, '2019-12-31', at('2020-04-01', '12:00')))
          .thenRejects('CLAIM_DEADLINE_PASSED');
      });

      it('reads the 2020 deadline: 1 April 2021 12:00', () => {
        const late = finalClaim('F-2020', 2020, '2021-02-28', at('2021-04-01', '12:00'));
        given(expensesBothYears).when(late).thenRejects('CLAIM_DEADLINE_PASSED');
      });
    });

    it('refuses a second final claim, and interim claims after it (FINAL_CLAIM_EXISTS)', () => {
      const finalClaimed = history([finalClaim('F-2019', 2019, '2019-12-31', at('2020-03-20'))], expenses2019);
      given(finalClaimed)
        .when(finalClaim('F-2019-b', 2019, '2019-12-31', at('2020-03-21')))
        .thenRejects('FINAL_CLAIM_EXISTS');
    });

    it('refuses an interim claim after the final claim (FINAL_CLAIM_EXISTS, and nothing is left to claim)', () => {
      const finalClaimed = history([finalClaim('F-2019', 2019, '2019-12-31', at('2020-03-20'))], expenses2019);
      given(finalClaimed)
        .when(interimClaim('I-2019-9', 2019, '2019-12-31', at('2020-03-21')))
        .thenRejects('FINAL_CLAIM_EXISTS', 'NOTHING_TO_CLAIM');
    });

    it('refuses a year that is not a budget year of the pool (OUTSIDE_BUDGET_YEARS)', () => {
      given(expenses2019).when(interimClaim('I-2021', 2021, '2021-06-30', at('2021-07-01'))).thenRejects(
        'OUTSIDE_BUDGET_YEARS',
        'NOTHING_TO_CLAIM',
      );
    });

    it('refuses a municipality without an issued commitment in the pool (NO_COMMITMENT)', () => {
      const none = commitmentDecider.initialState();
      const claimWith = (commitment: ClaimRefund['data']['commitment']) =>
        interimClaim('I', 2019, '2019-12-31', at('2020-01-10'), { commitment });
      given(expenses2019).when(claimWith(none)).thenRejects('NO_COMMITMENT');
      const other = commitmentOf(1_000_000, '147');
      given(expenses2019).when(claimWith(other)).thenRejects('NO_COMMITMENT');
    });

    it('refuses an unknown pool and a malformed claim', () => {
      given(expenses2019)
        .when(interimClaim('I', 2019, '2019-12-31', at('2020-01-10'), { pool: poolDecider.initialState() }))
        .thenRejects('UNKNOWN_POOL');
      given(expenses2019)
        .when(interimClaim('', 2019, '31/12', at('2020-01-10'), { kind: 'weekly' }))
        .thenRejects('SCHEMA_INVALID', 'SCHEMA_INVALID', 'SCHEMA_INVALID');
    });
  });

  describe('ReviewClaim and ApproveClaim: a caseworker reviews, a second person approves (four-eyes)', () => {
    const claimedOnly = history([i2019], expenses2019);
    const cutA2: ExpenseCut = {
      courseId: 'KBH-A',
      expenseId: 'A-2',
      amountOre: 50_001,
      approvedOre: 20_001,
      reason: 'Materialer ikke dokumenteret',
    };

    it('reviews in full, then in part with a reason per cut; a new review replaces the last', () => {
      const full = review('I-2019-1', at('2020-01-15'));
      given(claimedOnly).when(full).then([reviewed(full, [], 450_002)]);
      const part = review('I-2019-1', at('2020-01-16'), [
        { courseId: 'KBH-A', expenseId: 'A-2', approvedOre: 20_001, reason: ' Materialer ikke dokumenteret ' },
        { courseId: 'KBH-A', expenseId: 'A-1', approvedOre: 400_001 }, // approved in full: no cut, no reason needed
      ]);
      given(history([full], claimedOnly)).when(part).then([reviewed(part, [cutA2], 420_002)]);
    });

    it('refuses a cut without a reason (CUT_REASON_MISSING), above the amount or negative (INVALID_AMOUNT)', () => {
      const cut = (approvedOre: number, reason?: string) =>
        review('I-2019-1', at('2020-01-15'), [{ courseId: 'KBH-A', expenseId: 'A-2', approvedOre, reason }]);
      given(claimedOnly).when(cut(20_001)).thenRejects('CUT_REASON_MISSING');
      given(claimedOnly).when(cut(20_001, '  ')).thenRejects('CUT_REASON_MISSING');
      given(claimedOnly).when(cut(50_002, 'for meget')).thenRejects('INVALID_AMOUNT');
      given(claimedOnly).when(cut(-1, 'negativ')).thenRejects('INVALID_AMOUNT');
    });

    it('refuses a cut of an expense the claim does not cover (EXPENSE_NOT_IN_CLAIM), and an unknown claim', () => {
      given(claimedOnly)
        .when(
          review('I-2019-1', at('2020-01-15'), [{ courseId: 'KBH-B', expenseId: 'B-1', approvedOre: 0, reason: 'x' }]),
        )
        .thenRejects('EXPENSE_NOT_IN_CLAIM');
      given(claimedOnly).when(review('I-9', at('2020-01-15'))).thenRejects('UNKNOWN_CLAIM');
      given(claimedOnly).when(approve('I-9', at('2020-01-15'))).thenRejects('UNKNOWN_CLAIM');
    });

    it('approves the refund of what the review accepted: floor(80 % × approved), by a second person', () => {
      const reviewedInPart = history(
        [review('I-2019-1', at('2020-01-16'), [{ ...cutA2 }])],
        claimedOnly,
      );
      const command = approve('I-2019-1', at('2020-01-20'));
      // 420,002 × 80 % = 336,001.6 → 336,001
      given(reviewedInPart)
        .when(command)
        .then([
          approvedBy(command, {
            budgetYear: 2019,
            kind: 'interim',
            approvedEligibleOre: 420_002,
            approvedRefundOre: 336_001,
          }),
        ]);
    });

    it('refuses the reviewer as approver, whatever the case of the name (FOUR_EYES_REQUIRED)', () => {
      const reviewedInFull = history([review('I-2019-1', at('2020-01-15'))], claimedOnly);
      given(reviewedInFull)
        .when(approve('I-2019-1', at('2020-01-20'), { approvedBy: 'karin.sagsbehandler' }))
        .thenRejects('FOUR_EYES_REQUIRED');
      given(reviewedInFull)
        .when(approve('I-2019-1', at('2020-01-20'), { approvedBy: ' Karin.Sagsbehandler' }))
        .thenRejects('FOUR_EYES_REQUIRED');
    });

    it('refuses to approve a claim not reviewed (CLAIM_NOT_REVIEWED), or approved (CLAIM_ALREADY_APPROVED)', () => {
      given(claimedOnly).when(approve('I-2019-1', at('2020-01-20'))).thenRejects('CLAIM_NOT_REVIEWED');
      given(paid2019).when(approve('I-2019-1', at('2020-02-20'))).thenRejects('CLAIM_ALREADY_APPROVED');
      given(paid2019).when(review('I-2019-1', at('2020-02-20'))).thenRejects('CLAIM_ALREADY_APPROVED');
    });

    it('refuses an approval without an issued commitment (NO_COMMITMENT)', () => {
      const reviewedInFull = history([review('I-2019-1', at('2020-01-15'))], claimedOnly);
      given(reviewedInFull)
        .when(approve('I-2019-1', at('2020-01-20'), { commitment: commitmentDecider.initialState() }))
        .thenRejects('NO_COMMITMENT');
    });

    it('caps again at the approval: claims waiting together cannot both take the rest of the commitment', () => {
      // tilsagn 500,000. Two interim claims made before either is approved: 360,001 and 240,000 claimed.
      const tilsagn = commitmentOf(500_000);
      const both = history(
        [
          interimClaim('I-2019-1', 2019, '2019-12-31', at('2020-01-10'), { commitment: tilsagn }),
          interimClaim('I-2020-1', 2020, '2020-06-30', at('2020-07-06'), { commitment: tilsagn }),
          review('I-2019-1', at('2020-07-07')),
          review('I-2020-1', at('2020-07-07')),
          approve('I-2019-1', at('2020-07-08'), { commitment: tilsagn }),
        ],
        history([a4, c1], expenses2019),
      );
      const second = approve('I-2020-1', at('2020-07-09'), { commitment: tilsagn });
      // 500,000 − 360,001 = 139,999 remains
      given(both)
        .when(second)
        .then([
          approvedBy(
            second,
            { budgetYear: 2020, kind: 'interim', approvedEligibleOre: 300_000, approvedRefundOre: 139_999 },
            { refundBeforeCapOre: 240_000, commitmentOre: 500_000 },
          ),
        ]);
    });
  });

  describe('final settlement of a budget year (docs/domain.md §8)', () => {
    const finalClaimed = history([finalClaim('F-2019', 2019, '2019-12-31', at('2020-03-20'))], paid2019);

    it('pays what is still owed: the final approval less what the year was paid', () => {
      // 2019: A-3 arrived late? No: the final claim covers again (450,002) and approves 360,001, all paid.
      // Here a third 2019 expense, reported before the final claim, makes the year 460,002 → 368,001; 8,000 owed.
      const withLateExpense = history(
        [
          expense('KBH-A', 'A-6', 10_000, '2019-12-30', { at: at('2020-02-10') }),
          finalClaim('F-2019', 2019, '2019-12-31', at('2020-03-20')),
          review('F-2019', at('2020-04-15')),
        ],
        paid2019,
      );
      const command = approve('F-2019', at('2020-04-20'));
      const settled: BudgetYearSettled = {
        type: 'BudgetYearSettled',
        data: {
          poolId,
          municipalityCode,
          budgetYear: 2019,
          claimId: 'F-2019',
          approvedRefundOre: 368_001,
          paidOre: 360_001,
          owedOre: 8_000,
          repaymentOre: 0,
          settledAt: command.data.at.toISOString(),
        },
      };
      given(withLateExpense)
        .when(command)
        .then([
          approvedBy(command, {
            budgetYear: 2019,
            kind: 'final',
            approvedEligibleOre: 460_002,
            approvedRefundOre: 368_001,
          }),
          settled,
        ]);
      const after = history([command], withLateExpense);
      expect(payableOf(replay(ledgerDecider, after))).toEqual({ amountOre: 8_000, claimIds: ['F-2019'] });
    });

    it('demands back what the interim payouts paid beyond the final approval (tilbagebetaling)', () => {
      // The final review cuts A-2 to 20,001: 420,002 × 80 % = 336,001 approved; 360,001 was paid → 24,000 back.
      const reviewedInPart = history(
        [
          review('F-2019', at('2020-04-15'), [
            { courseId: 'KBH-A', expenseId: 'A-2', approvedOre: 20_001, reason: 'Materialer ikke dokumenteret' },
          ]),
        ],
        finalClaimed,
      );
      const command = approve('F-2019', at('2020-04-20'));
      const when = command.data.at.toISOString();
      const demand: RepaymentDemanded = {
        type: 'RepaymentDemanded',
        data: { poolId, municipalityCode, budgetYear: 2019, claimId: 'F-2019', amountOre: 24_000, demandedAt: when },
      };
      given(reviewedInPart)
        .when(command)
        .then([
          approvedBy(command, {
            budgetYear: 2019,
            kind: 'final',
            approvedEligibleOre: 420_002,
            approvedRefundOre: 336_001,
          }),
          {
            type: 'BudgetYearSettled',
            data: {
              poolId,
              municipalityCode,
              budgetYear: 2019,
              claimId: 'F-2019',
              approvedRefundOre: 336_001,
              paidOre: 360_001,
              owedOre: 0,
              repaymentOre: 24_000,
              settledAt: when,
            },
          },
          demand,
        ]);
      const state = replay(ledgerDecider, history([command], reviewedInPart));
      expect(ledgerFigures(state)).toMatchObject({
        approvedRefundOre: 336_001,
        paidOre: 360_001,
        repaymentDemandedOre: 24_000,
        repaidOre: 0,
      });
      expect(payableOf(state)).toEqual({ amountOre: 0, claimIds: [] });
    });

    it('carries an interim cut into the final review unless the reviewer changes it', () => {
      const cutAConto = history(
        [
          interimClaim('I-2019-1', 2019, '2019-12-31', at('2020-01-10')),
          review('I-2019-1', at('2020-01-15'), [
            { courseId: 'KBH-A', expenseId: 'A-2', approvedOre: 0, reason: 'Ingen faktura' },
          ]),
          approve('I-2019-1', at('2020-01-20')),
          finalClaim('F-2019', 2019, '2019-12-31', at('2020-03-20')),
        ],
        expenses2019,
      );
      const carried = review('F-2019', at('2020-04-15'));
      const cut: ExpenseCut = {
        courseId: 'KBH-A',
        expenseId: 'A-2',
        amountOre: 50_001,
        approvedOre: 0,
        reason: 'Ingen faktura',
      };
      given(cutAConto).when(carried).then([reviewed(carried, [cut], 400_001)]);
      const restored = review('F-2019', at('2020-04-15'), [
        { courseId: 'KBH-A', expenseId: 'A-2', approvedOre: 50_001 },
      ]);
      given(cutAConto).when(restored).then([reviewed(restored, [], 450_002)]);
    });

    it('no longer reviews, approves or pays the interim claims of a settled year', () => {
      const settled = history([review('F-2019', at('2020-04-15')), approve('F-2019', at('2020-04-20'))], finalClaimed);
      const pending2019 = history(
        [
          interimClaim('I-2019-2', 2019, '2019-12-31', at('2020-02-10')),
          finalClaim('F-2019', 2019, '2019-12-31', at('2020-03-20')),
        ],
        history([expense('KBH-A', 'A-6', 10_000, '2019-12-30', { at: at('2020-02-01') })], paid2019),
      );
      const settledWithPending = history(
        [review('F-2019', at('2020-04-15')), approve('F-2019', at('2020-04-20'))],
        pending2019,
      );
      given(settledWithPending).when(review('I-2019-2', at('2020-05-01'))).thenRejects('FINAL_CLAIM_EXISTS');
      given(settled).when(payment('2020-04-30', 1, ['I-2019-1'])).thenRejects('PAID_EXCEEDS_APPROVED');
    });
  });

  describe('the lapse (bortfald) and the close (docs/domain.md §8, §10)', () => {
    const through2019 = history(
      [
        finalClaim('F-2019', 2019, '2019-12-31', at('2020-03-20')),
        review('F-2019', at('2020-04-15')),
        approve('F-2019', at('2020-04-20')),
      ],
      paid2019,
    );
    const final2020 = history(
      [
        ...[a4, c1, b1, b2].map((command) => ({ ...command, data: { ...command.data, at: at('2021-03-01') } })),
        finalClaim('F-2020', 2020, '2021-02-28', at('2021-03-15')),
        review('F-2020', at('2021-04-12')),
      ],
      through2019,
    );

    it('lets the unused commitment lapse at the settlement of the last budget year, and closes the ledger', () => {
      const command = approve('F-2020', at('2021-04-20'));
      const decision = decided(command, final2020);
      // 2020: 200,000 + 100,000 + 300,000 + 150,000 = 750,000 → 600,000 approved; 2019 approved 360,001.
      // Lapsed: 1,000,000 − 960,001 = 39,999.
      const lapsed: CommitmentLapsed = {
        type: 'CommitmentLapsed',
        data: {
          poolId,
          municipalityCode,
          commitmentOre: 1_000_000,
          approvedRefundOre: 960_001,
          lapsedOre: 39_999,
          reason: 'settled',
          lapsedAt: command.data.at.toISOString(),
        },
      };
      expect(decision.ok && decision.events.map((e) => e.type)).toEqual([
        'ClaimApproved',
        'BudgetYearSettled',
        'CommitmentLapsed',
      ]);
      expect(decision.ok && decision.events[2]).toEqual(lapsed);
      const closed = history([command], final2020);
      expect(replay(ledgerDecider, closed)).toMatchObject({ status: 'closed', lapse: { lapsedOre: 39_999 } });
      given(closed)
        .when(expense('KBH-B', 'B-9', 1_000, '2021-02-01', { at: at('2021-04-21') }))
        .thenRejects('LEDGER_CLOSED', 'FINAL_CLAIM_EXISTS');
      given(closed).when(closeLedger(at('2021-07-01', '00:00'))).thenRejects('LEDGER_CLOSED');
      // what 2020 is owed is still paid after the close: 600,000, nothing paid for 2020 yet
      const owed = payment('2021-04-29', 600_000, ['F-2020']);
      expect(decided(owed, closed).ok).toBe(true);
    });

    it('waits for a final claim still under review before the lapse', () => {
      const both = history(
        [
          a4,
          finalClaim('F-2019', 2019, '2019-12-31', at('2020-03-20')),
          finalClaim('F-2020', 2020, '2020-12-31', at('2021-03-15')),
          review('F-2020', at('2021-04-12')),
        ],
        paid2019,
      );
      const decision = decided(approve('F-2020', at('2021-04-20')), both);
      expect(decision.ok && decision.events.map((e) => e.type)).toEqual(['ClaimApproved', 'BudgetYearSettled']);
    });

    it('at the closing of the pool, lets what is left lapse for a municipality that did not settle', () => {
      const command = closeLedger(at('2021-07-01', '00:00'));
      const lapsed: CommitmentLapsed = {
        type: 'CommitmentLapsed',
        data: {
          poolId,
          municipalityCode,
          commitmentOre: 1_000_000,
          approvedRefundOre: 360_001,
          lapsedOre: 639_999,
          reason: 'pool-closed',
          lapsedAt: command.data.at.toISOString(),
        },
      };
      given(paid2019).when(command).then([lapsed]);
      const nothingApproved = { ...lapsed.data, approvedRefundOre: 0, lapsedOre: 1_000_000 };
      given([]).when(command).then([{ ...lapsed, data: nothingApproved }]);
      given(paid2019).when(closeLedger(at('2021-06-30', '23:59'))).thenRejects('DEADLINE_NOT_REACHED');
      given(paid2019)
        .when(closeLedger(at('2021-07-01', '00:00'), { commitment: commitmentDecider.initialState() }))
        .thenRejects('NO_COMMITMENT');
    });
  });

  describe('RecordPayment (docs/domain.md §8)', () => {
    const approved2019 = history(
      [i2019, review('I-2019-1', at('2020-01-15')), approve('I-2019-1', at('2020-01-20'))],
      expenses2019,
    );

    it('records a payment of approved refunds under the run reference, spread over the claims it pays', () => {
      const command = payment('2020-01-31', 360_001, ['I-2019-1']);
      const made: PaymentMade = {
        type: 'PaymentMade',
        data: {
          poolId,
          municipalityCode,
          reference: 'PF-mangelpulje-2019-101-20200131',
          runDate: '2020-01-31',
          amountOre: 360_001,
          claims: [{ claimId: 'I-2019-1', amountOre: 360_001 }],
          paidAt: command.data.at.toISOString(),
        },
      };
      given(approved2019).when(command).then([made]);
    });

    it('refuses a second payment with the same reference (ALREADY_PAID), alone', () => {
      given(paid2019).when(payment('2020-01-31', 360_001, ['I-2019-1'])).thenRejects('ALREADY_PAID');
      given(paid2019).when(payment('2020-01-31', 1, ['I-2019-1'])).thenRejects('ALREADY_PAID');
    });

    it('refuses to pay beyond what was approved (PAID_EXCEEDS_APPROVED), and claims not approved', () => {
      given(approved2019).when(payment('2020-01-31', 360_002, ['I-2019-1'])).thenRejects('PAID_EXCEEDS_APPROVED');
      given(paid2019).when(payment('2020-02-28', 1, ['I-2019-1'])).thenRejects('PAID_EXCEEDS_APPROVED');
      const claimedOnly = history([i2019], expenses2019);
      given(claimedOnly).when(payment('2020-01-31', 1, ['I-2019-1'])).thenRejects('PAID_EXCEEDS_APPROVED');
    });

    it('refuses unknown claims, a reference not of the run, and a malformed amount', () => {
      given(approved2019).when(payment('2020-01-31', 1, ['I-9'])).thenRejects('UNKNOWN_CLAIM', 'PAID_EXCEEDS_APPROVED');
      given(approved2019)
        .when(payment('2020-01-31', 1, ['I-2019-1'], { reference: paymentReference(poolId, '147', '2020-01-31') }))
        .thenRejects('SCHEMA_INVALID');
      given(approved2019).when(payment('2020-01-31', 0, ['I-2019-1'])).thenRejects('INVALID_AMOUNT');
      given(approved2019).when(payment('2020-01-31', 1, [])).thenRejects('SCHEMA_INVALID', 'PAID_EXCEEDS_APPROVED');
    });

    it('pays a part, and the rest later', () => {
      const part = history([payment('2020-01-31', 160_001, ['I-2019-1'])], approved2019);
      expect(payableOf(replay(ledgerDecider, part))).toEqual({ amountOre: 200_000, claimIds: ['I-2019-1'] });
      const rest = payment('2020-02-28', 200_000, ['I-2019-1']);
      expect(decided(rest, part).ok).toBe(true);
    });
  });

  describe('figures and what is payable', () => {
    it('reads the standing of the municipality (docs/municipal-api.md "Reading back")', () => {
      expect(ledgerFigures(replay(ledgerDecider, paid2019))).toEqual({
        expensesOre: 450_002,
        claimedRefundOre: 360_001,
        approvedRefundOre: 360_001,
        paidOre: 360_001,
        repaymentDemandedOre: 0,
        repaidOre: 0,
        repaymentOutstandingOre: 0,
        lapsedOre: 0,
        remainingCommitmentOre: 639_999,
      });
      expect(ledgerFigures(replay(ledgerDecider, paid2019), 800_000).remainingCommitmentOre).toBe(439_999);
      expect(ledgerFigures(ledgerDecider.initialState())).toEqual({
        expensesOre: 0,
        claimedRefundOre: 0,
        approvedRefundOre: 0,
        paidOre: 0,
        repaymentDemandedOre: 0,
        repaidOre: 0,
        repaymentOutstandingOre: 0,
        lapsedOre: 0,
        remainingCommitmentOre: 0,
      });
    });

    it('leaves out of the payable what a run already holds and has not paid', () => {
      const approved = replay(
        ledgerDecider,
        history([i2019, review('I-2019-1', at('2020-01-15')), approve('I-2019-1', at('2020-01-20'))], expenses2019),
      );
      const reference = paymentReference(poolId, municipalityCode, '2020-01-31');
      const held = { reference, amountOre: 300_000, claimIds: ['I-2019-1'] };
      expect(payableOf(approved)).toEqual({ amountOre: 360_001, claimIds: ['I-2019-1'] });
      expect(payableOf(approved, [held])).toEqual({ amountOre: 60_001, claimIds: ['I-2019-1'] });
      expect(payableOf(approved, [{ ...held, amountOre: 360_001 }])).toEqual({ amountOre: 0, claimIds: [] });
      // once the ledger has recorded the run's payment, the line is counted as paid, not again as held
      const paid = replay(ledgerDecider, paid2019);
      expect(payableOf(paid, [{ ...held, amountOre: 360_001 }])).toEqual({ amountOre: 0, claimIds: [] });
    });

    it('reads events that came back from the store as JSON', () => {
      const fromStore = JSON.parse(JSON.stringify(paid2019));
      expect(replay(ledgerDecider, fromStore)).toEqual(replay(ledgerDecider, paid2019));
    });
  });

  describe('the ledger invariants on every decision', () => {
    it('refuses an approval that would leave more approved than the commitment, and records nothing', () => {
      // 2019 approved 360,001 under a 1,000,000 tilsagn; the tilsagn is then (wrongly) reduced to 300,000. The next
      // approval is capped at 0, yet the total would still be above the commitment: refused.
      const reduced = commitmentOf(300_000);
      const pending2020 = history(
        [a4, interimClaim('I-2020-1', 2020, '2020-06-30', at('2020-07-06')), review('I-2020-1', at('2020-07-07'))],
        paid2019,
      );
      given(pending2020)
        .when(approve('I-2020-1', at('2020-07-08'), { commitment: reduced }))
        .thenRejects('REFUND_EXCEEDS_COMMITMENT');
    });
  });
});
