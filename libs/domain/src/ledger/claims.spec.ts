import { commitmentDecider } from '../commitment/decide';
import { poolDecider } from '../pool/decide';
import { at, commitmentOf, finalClaim, history, interimClaim, statement } from '../testing/ledger-fixtures';
import {
  a1,
  a2,
  a4,
  b1,
  c1,
  claimed,
  expenses2019,
  expensesBothYears,
  given,
  i2019,
  paid2019,
} from '../testing/ledger-spec-events';
import type { ClaimRefund } from './decide';

describe('Ledger (docs/domain.md §7–10)', () => {
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
});
