import { commitmentDecider } from '../commitment/decide';
import { replay } from '../decision';
import { paymentReference } from '../payout-run/payment-reference';
import {
  approve,
  at,
  closeLedger,
  expense,
  finalClaim,
  history,
  municipalityCode,
  payment,
  poolId,
  review,
} from '../testing/ledger-fixtures';
import { a4, b1, b2, c1, decided, expenses2019, given, i2019, paid2019 } from '../testing/ledger-spec-events';
import { ledgerDecider } from './decide';
import { payableOf } from './figures';
import type { CommitmentLapsed, PaymentMade } from './ledger';

describe('Ledger (docs/domain.md §7–10)', () => {
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
});
