import { commitmentDecider } from '../commitment/decide';
import { replay } from '../decision';
import {
  approve,
  at,
  commitmentOf,
  expense,
  finalClaim,
  history,
  interimClaim,
  municipalityCode,
  payment,
  poolId,
  review,
} from '../testing/ledger-fixtures';
import { a4, approvedBy, c1, expenses2019, given, i2019, paid2019, reviewed } from '../testing/ledger-spec-events';
import { ledgerDecider } from './decide';
import { ledgerFigures, payableOf } from './figures';
import type { BudgetYearSettled, ExpenseCut, RepaymentDemanded } from './ledger';

describe('Ledger (docs/domain.md §7–10)', () => {
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
});
