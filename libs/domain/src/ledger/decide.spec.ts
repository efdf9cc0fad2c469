import { replay } from '../decision';
import { paymentReference } from '../payout-run/payment-reference';
import {
  approve,
  at,
  commitmentOf,
  history,
  interimClaim,
  municipalityCode,
  poolId,
  review,
} from '../testing/ledger-fixtures';
import { a4, expenses2019, given, i2019, paid2019 } from '../testing/ledger-spec-events';
import { ledgerDecider } from './decide';
import { ledgerFigures, payableOf } from './figures';

describe('Ledger (docs/domain.md §7–10)', () => {
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
