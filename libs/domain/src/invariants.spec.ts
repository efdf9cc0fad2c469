import fc from 'fast-check';
import {
  commitmentsWithinPool,
  marketingWithinLine,
  paidWithinApproved,
  refundWithinCommitment,
  refundWithinRate,
} from './invariants';

const ore = fc.integer({ min: 0, max: 2 ** 50 });

describe('the ledger invariants', () => {
  it('commitmentsWithinPool: the commitments add up to no more than the pool', () => {
    expect(commitmentsWithinPool(1_250_000_000, [500_000_000, 750_000_000])).toBeUndefined();
    expect(commitmentsWithinPool(1_250_000_000, [500_000_000, 750_000_001])).toMatchObject({ code: 'EXCEEDS_POOL' });
    expect(commitmentsWithinPool(0, [])).toBeUndefined();
    // sums past 2^53 are exact
    const big = Number.MAX_SAFE_INTEGER;
    expect(commitmentsWithinPool(big, [big, 1])).toMatchObject({ code: 'EXCEEDS_POOL' });
    fc.assert(
      fc.property(fc.array(ore, { maxLength: 98 }), ore, (commitments, pool) => {
        const total = commitments.reduce((sum, c) => sum + BigInt(c), 0n);
        return (commitmentsWithinPool(pool, commitments) === undefined) === total <= BigInt(pool);
      }),
    );
  });

  it('refundWithinRate: an approved refund is at most 80 % of the eligible expenses, rounded down', () => {
    expect(refundWithinRate(360_001, 450_002, 8_000)).toBeUndefined();
    expect(refundWithinRate(360_002, 450_002, 8_000)).toMatchObject({ code: 'REFUND_EXCEEDS_RATE' });
    fc.assert(
      fc.property(ore, ore, (refund, eligible) => {
        const holds = BigInt(refund) * 10_000n <= BigInt(eligible) * 8_000n;
        return (refundWithinRate(refund, eligible, 8_000) === undefined) === holds;
      }),
    );
  });

  it('refundWithinCommitment: the approved refunds are at most the commitment', () => {
    expect(refundWithinCommitment(1_000_000, 1_000_000)).toBeUndefined();
    expect(refundWithinCommitment(1_000_001, 1_000_000)).toMatchObject({ code: 'REFUND_EXCEEDS_COMMITMENT' });
    fc.assert(fc.property(ore, ore, (a, c) => (refundWithinCommitment(a, c) === undefined) === a <= c));
  });

  it('paidWithinApproved: paid, net of repayments demanded, is at most approved', () => {
    expect(paidWithinApproved(336_001, 336_001)).toBeUndefined();
    expect(paidWithinApproved(360_001, 336_001)).toMatchObject({ code: 'PAID_EXCEEDS_APPROVED' });
    fc.assert(fc.property(ore, ore, (p, a) => (paidWithinApproved(p, a) === undefined) === p <= a));
  });

  it('marketingWithinLine: the agency spends no more than the marketing line', () => {
    expect(marketingWithinLine(50_000_000, 50_000_000)).toBeUndefined();
    expect(marketingWithinLine(50_000_001, 50_000_000)).toMatchObject({ code: 'EXCEEDS_MARKETING_LINE' });
  });

  it('explains itself in kroner', () => {
    expect(refundWithinCommitment(1_000_001, 1_000_000)?.message).toBe(
      'The approved refunds, 10.000,01 kr., would be more than the commitment (10.000,00 kr.).',
    );
  });
});
