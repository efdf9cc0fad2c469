import fc from 'fast-check';
import { replay } from '../decision';
import {
  approve,
  at,
  commitmentOf,
  expense,
  history,
  interimClaim,
  review,
} from '../testing/ledger-fixtures';
import { ledgerDecider } from './decide';
import type { ClaimApproved, RefundClaimed } from './ledger';
import { budgetYearOf, cappedRefund, refundFor } from './refund';

const RATE = 8_000; // mangelpulje-2019: 80 %

const amountsArb = fc.array(fc.integer({ min: 1, max: 10_000_000 }), { minLength: 1, maxLength: 20 });
const total = (amounts: readonly number[]) => amounts.reduce((sum, amount) => sum + amount, 0);
/** 80 % exactly, in BigInt: refund × 10 000 ≤ eligible × 8 000. */
const withinRate = (refund: number, eligible: number) => BigInt(refund) * 10_000n <= BigInt(eligible) * 8_000n;

describe('refund arithmetic (docs/domain.md §7)', () => {
  describe('refundFor', () => {
    it('is 80 % rounded down to whole øre', () => {
      expect(refundFor(450_002, RATE)).toBe(360_001); // 360,001.6
      expect(refundFor(1, RATE)).toBe(0);
      expect(refundFor(5, RATE)).toBe(4);
      expect(refundFor(0, RATE)).toBe(0);
    });

    it('rounds on the total: never less than expense by expense, and less than one øre an expense more', () => {
      fc.assert(
        fc.property(amountsArb, (amounts) => {
          const onTotal = refundFor(total(amounts), RATE);
          const perExpense = total(amounts.map((amount) => refundFor(amount, RATE)));
          return onTotal >= perExpense && onTotal - perExpense < amounts.length;
        }),
      );
    });

    it('never gives more than 80 %, nor a whole øre less', () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (eligible) => {
          const refund = refundFor(eligible, RATE);
          return withinRate(refund, eligible) && BigInt(eligible) * 8_000n - BigInt(refund) * 10_000n < 10_000n;
        }),
      );
    });
  });

  describe('cappedRefund', () => {
    it('caps by what remains of the commitment, never below 0', () => {
      expect(cappedRefund(450_002, RATE, 1_000_000)).toEqual({
        refundBeforeCapOre: 360_001,
        refundOre: 360_001,
        cappedByCommitment: false,
      });
      expect(cappedRefund(450_002, RATE, 300_000)).toEqual({
        refundBeforeCapOre: 360_001,
        refundOre: 300_000,
        cappedByCommitment: true,
      });
      expect(cappedRefund(450_002, RATE, -5)).toEqual({
        refundBeforeCapOre: 360_001,
        refundOre: 0,
        cappedByCommitment: true,
      });
    });

    it('is the smaller of 80 % and the remainder: never above either', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: 2 ** 50 }),
          fc.integer({ min: -(2 ** 40), max: 2 ** 50 }),
          (eligible, remaining) => {
            const { refundOre } = cappedRefund(eligible, RATE, remaining);
            return (
              refundOre === Math.min(refundFor(eligible, RATE), Math.max(0, remaining)) &&
              withinRate(refundOre, eligible) &&
              refundOre <= Math.max(0, remaining)
            );
          },
        ),
      );
    });
  });

  describe('through the decider: a claim and its approval', () => {
    it('rounds on the claim total: three expenses of 1 øre claim 2 øre (80 % of 3 øre, rounded down), not 0', () => {
      const commitment = commitmentOf(1_000_000);
      const expenses = [0, 1, 2].map((i) => expense('KBH-A', `A-${i}`, 1, '2019-12-16', { at: at('2019-12-17') }));
      const claimed = history([...expenses, interimClaim('I-1', 2019, '2019-12-31', at('2020-01-10'), { commitment })]);
      const claim = claimed.at(-1) as RefundClaimed;
      // Expense by expense it would be floor(0.8) × 3 = 0 øre; on the total it is floor(2.4) = 2 øre.
      expect([claim.data.eligibleOre, claim.data.claimedRefundOre]).toEqual([3, 2]);
    });

    it('claims floor(80 % × total) within the commitment; approves floor(80 % × what the review accepted)', () => {
      fc.assert(
        fc.property(
          amountsArb,
          fc.integer({ min: 1, max: 50_000_000 }),
          fc.array(fc.nat({ max: 100 }), { minLength: 20, maxLength: 20 }),
          (amounts, commitmentOre, keptPercent) => {
            const commitment = commitmentOf(commitmentOre);
            const expenses = amounts.map((amount, i) =>
              expense('KBH-A', `A-${i}`, amount, '2019-12-16', { at: at('2019-12-17') }),
            );
            const claimCommand = interimClaim('I-1', 2019, '2019-12-31', at('2020-01-10'), { commitment });
            const claimed = history([...expenses, claimCommand]);
            const claim = claimed.at(-1) as RefundClaimed;
            const eligible = total(amounts);
            const claimedOk =
              claim.data.eligibleOre === eligible &&
              claim.data.claimedRefundOre === Math.min(refundFor(eligible, RATE), commitmentOre);

            // the reviewer keeps a random share of each expense, with a reason for each cut
            const cuts = amounts.map((amount, i) => ({
              courseId: 'KBH-A',
              expenseId: `A-${i}`,
              approvedOre: Math.floor((amount * keptPercent[i]!) / 100),
              reason: 'Delvist dokumenteret',
            }));
            const approvedEvents = history(
              [review('I-1', at('2020-01-15'), cuts), approve('I-1', at('2020-01-20'), { commitment })],
              claimed,
            );
            const approval = approvedEvents.at(-1) as ClaimApproved;
            const accepted = total(cuts.map((cut) => cut.approvedOre));
            const approvedOk =
              approval.data.approvedEligibleOre === accepted &&
              approval.data.approvedRefundOre === Math.min(refundFor(accepted, RATE), commitmentOre) &&
              withinRate(approval.data.approvedRefundOre, eligible) &&
              approval.data.approvedRefundOre <= commitmentOre;
            const state = replay(ledgerDecider, approvedEvents);
            return claimedOk && approvedOk && state.claims[0]!.status === 'approved';
          },
        ),
        { numRuns: 60 },
      );
    }, 30_000);
  });
});

describe('budgetYearOf (docs/domain.md §8)', () => {
  const years = [2019, 2020];

  it('books to the year incurred', () => {
    expect(budgetYearOf('2019-12-31', years, '2019-12-16')).toBe(2019);
    expect(budgetYearOf('2020-01-01', years, '2019-12-16')).toBe(2020);
    expect(budgetYearOf('2020-06-30', years, '2020-03-02')).toBe(2020);
  });

  it('books run-off after the last budget year to it, for a course started in it', () => {
    expect(budgetYearOf('2021-01-20', years, '2020-09-01')).toBe(2020);
    expect(budgetYearOf('2022-03-01', years, '2020-12-31')).toBe(2020);
  });

  it('books to none: before the first year, or after the last for a course started before it', () => {
    expect(budgetYearOf('2018-12-31', years, '2019-01-02')).toBeUndefined();
    expect(budgetYearOf('2021-01-05', years, '2019-12-16')).toBeUndefined();
    expect(budgetYearOf('2021-01-05', [], '2020-12-16')).toBeUndefined();
    expect(budgetYearOf('31-12-2020', years, '2020-12-16')).toBeUndefined();
  });

  it('always gives a budget year of the pool, the year incurred whenever that is one', () => {
    const dateArb = (min: string, max: string) =>
      fc
        .date({ min: new Date(`${min}T00:00:00Z`), max: new Date(`${max}T00:00:00Z`), noInvalidDate: true })
        .map((date) => date.toISOString().slice(0, 10));
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 2015, max: 2025 }), { minLength: 1, maxLength: 5 }).map((ys) => ys.sort()),
        dateArb('2013-01-01', '2027-12-31'),
        dateArb('2013-01-01', '2027-12-31'),
        (budgetYears, incurredOn, startDate) => {
          const year = budgetYearOf(incurredOn, budgetYears, startDate);
          const incurredYear = Number(incurredOn.slice(0, 4));
          const last = budgetYears[budgetYears.length - 1]!;
          if (budgetYears.includes(incurredYear)) return year === incurredYear;
          if (incurredYear > last && Number(startDate.slice(0, 4)) === last) return year === last;
          return year === undefined;
        },
      ),
    );
  });
});
