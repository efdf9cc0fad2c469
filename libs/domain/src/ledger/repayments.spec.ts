import { replay } from '../decision';
import { deciderSpecification } from '../testing/decider-specification';
import { at, municipalityCode, poolId } from '../testing/ledger-fixtures';
import { ledgerDecider } from './decide';
import { ledgerFigures } from './figures';
import type {
  LedgerEvent,
  RepaymentDemanded,
  RepaymentReceiptData,
  RepaymentReceiptPrepared,
  RepaymentReceived,
} from './ledger';
import type { ConfirmRepaymentReceipt, PrepareRepaymentReceipt } from './repayments';

const given = deciderSpecification(ledgerDecider);

// Budget year 2019 was settled on 20 Apr 2020 with 24,000 øre paid beyond its final approval.
const demanded: RepaymentDemanded = {
  type: 'RepaymentDemanded',
  data: {
    poolId,
    municipalityCode,
    budgetYear: 2019,
    claimId: 'F-2019',
    amountOre: 24_000,
    demandedAt: at('2020-04-20').toISOString(),
  },
};

const prepare = (change: Partial<PrepareRepaymentReceipt['data']> = {}): PrepareRepaymentReceipt => ({
  type: 'PrepareRepaymentReceipt',
  data: {
    budgetYear: 2019,
    amountOre: 10_000,
    receivedOn: '2020-05-04',
    reference: 'KBH-TB-2019-1',
    preparedBy: 'finance-1',
    at: at('2020-05-05'),
    ...change,
  },
});

const confirm = (change: Partial<ConfirmRepaymentReceipt['data']> = {}): ConfirmRepaymentReceipt => ({
  type: 'ConfirmRepaymentReceipt',
  data: { budgetYear: 2019, confirmedBy: 'finance-2', at: at('2020-05-06'), ...change },
});

const receiptOf = (command: PrepareRepaymentReceipt): RepaymentReceiptData => {
  const { budgetYear, amountOre, receivedOn, reference, preparedBy } = command.data;
  return { poolId, municipalityCode, budgetYear, amountOre, receivedOn, reference, preparedBy };
};

const prepared = (command: PrepareRepaymentReceipt): RepaymentReceiptPrepared => ({
  type: 'RepaymentReceiptPrepared',
  data: { ...receiptOf(command), preparedAt: command.data.at.toISOString() },
});

const received = (command: PrepareRepaymentReceipt, outstandingOre: number, confirmedAt: Date): RepaymentReceived => ({
  type: 'RepaymentReceived',
  data: { ...receiptOf(command), confirmedBy: 'finance-2', outstandingOre, confirmedAt: confirmedAt.toISOString() },
});

describe('recording a repayment received (tilbagebetaling)', () => {
  describe('a finance officer prepares a receipt', () => {
    it('against the outstanding demand of a budget year', () => {
      given([demanded]).when(prepare()).then([prepared(prepare())]);
    });

    it('replaces a receipt prepared earlier and not yet confirmed', () => {
      const again = prepare({ amountOre: 24_000, reference: 'KBH-TB-2019-2', at: at('2020-05-07') });
      given([demanded, prepared(prepare())]).when(again).then([prepared(again)]);
      const state = replay(ledgerDecider, [demanded, prepared(prepare()), prepared(again)]);
      expect(state.repaymentDemands[0]!.pendingReceipt).toMatchObject({
        amountOre: 24_000,
        reference: 'KBH-TB-2019-2',
      });
    });

    it('refuses a budget year with no repayment demand (UNKNOWN_REPAYMENT_DEMAND)', () => {
      given([demanded]).when(prepare({ budgetYear: 2020 })).thenRejects('UNKNOWN_REPAYMENT_DEMAND');
      given([]).when(prepare()).thenRejects('UNKNOWN_REPAYMENT_DEMAND');
    });

    it('refuses a demand paid back in full (REPAYMENT_ALREADY_SETTLED)', () => {
      const whole = prepare({ amountOre: 24_000 });
      const settled = [demanded, prepared(whole), received(whole, 0, at('2020-05-06'))];
      given(settled).when(prepare({ amountOre: 1 })).thenRejects('REPAYMENT_ALREADY_SETTLED');
    });

    it('refuses an amount of 0 or less, or not whole øre (INVALID_AMOUNT)', () => {
      for (const amountOre of [0, -100, 10.5]) {
        given([demanded]).when(prepare({ amountOre })).thenRejects('INVALID_AMOUNT');
      }
    });

    it('refuses more than the demand still asks for (EXCEEDS_OUTSTANDING_REPAYMENT)', () => {
      given([demanded]).when(prepare({ amountOre: 24_001 })).thenRejects('EXCEEDS_OUTSTANDING_REPAYMENT');
      const first = prepare({ amountOre: 20_000 });
      given([demanded, prepared(first), received(first, 4_000, at('2020-05-06'))])
        .when(prepare({ amountOre: 4_001, at: at('2020-06-01') }))
        .thenRejects('EXCEEDS_OUTSTANDING_REPAYMENT');
    });

    it('refuses a receipt with no finance officer, date, reference, or one dated after the day it is recorded', () => {
      given([demanded]).when(prepare({ preparedBy: ' ' })).thenRejects('SCHEMA_INVALID');
      given([demanded]).when(prepare({ receivedOn: '2020-02-30' })).thenRejects('SCHEMA_INVALID');
      given([demanded]).when(prepare({ reference: '' })).thenRejects('SCHEMA_INVALID');
      given([demanded]).when(prepare({ receivedOn: '2020-05-06' })).thenRejects('SCHEMA_INVALID');
      given([demanded]).when(prepare({ at: new Date(Number.NaN) })).thenRejects('SCHEMA_INVALID');
    });
  });

  describe('a second finance officer confirms it (four-eyes)', () => {
    it('records the repayment received: the demand falls to what it still asks for', () => {
      given([demanded, prepared(prepare())])
        .when(confirm())
        .then([received(prepare(), 14_000, at('2020-05-06'))]);
    });

    it('settles the demand when the receipts reach its amount, and the figures show it repaid', () => {
      const first = prepare({ amountOre: 20_000 });
      const rest = prepare({ amountOre: 4_000, reference: 'KBH-TB-2019-2', at: at('2020-06-01') });
      const events: LedgerEvent[] = [
        demanded,
        prepared(first),
        received(first, 4_000, at('2020-05-06')),
        prepared(rest),
      ];
      given(events).when(confirm({ at: at('2020-06-02') })).then([received(rest, 0, at('2020-06-02'))]);

      const partly = replay(ledgerDecider, events);
      expect(partly.repaymentDemands[0]).toMatchObject({
        status: 'outstanding',
        receivedOre: 20_000,
        outstandingOre: 4_000,
      });
      expect(ledgerFigures(partly)).toMatchObject({
        repaymentDemandedOre: 24_000,
        repaidOre: 20_000,
        repaymentOutstandingOre: 4_000,
      });

      const settled = replay(ledgerDecider, [...events, received(rest, 0, at('2020-06-02'))]);
      expect(settled.repaymentDemands[0]).toMatchObject({
        status: 'settled',
        receivedOre: 24_000,
        outstandingOre: 0,
        pendingReceipt: null,
      });
      expect(settled.repaymentDemands[0]!.receipts.map((receipt) => receipt.reference)).toEqual([
        'KBH-TB-2019-1',
        'KBH-TB-2019-2',
      ]);
      expect(ledgerFigures(settled)).toMatchObject({ repaidOre: 24_000, repaymentOutstandingOre: 0 });
    });

    it('refuses the finance officer who prepared it, whatever the case or spacing (FOUR_EYES_REQUIRED)', () => {
      for (const confirmedBy of ['finance-1', 'Finance-1', ' finance-1 ']) {
        given([demanded, prepared(prepare())]).when(confirm({ confirmedBy })).thenRejects('FOUR_EYES_REQUIRED');
      }
    });

    it('refuses when nothing is prepared (NO_RECEIPT_PREPARED), or after the receipt was confirmed', () => {
      given([demanded]).when(confirm()).thenRejects('NO_RECEIPT_PREPARED');
      given([demanded, prepared(prepare()), received(prepare(), 14_000, at('2020-05-06'))])
        .when(confirm())
        .thenRejects('NO_RECEIPT_PREPARED');
    });

    it('refuses a budget year with no repayment demand (UNKNOWN_REPAYMENT_DEMAND)', () => {
      given([demanded, prepared(prepare())])
        .when(confirm({ budgetYear: 2020 }))
        .thenRejects('UNKNOWN_REPAYMENT_DEMAND');
    });

    it('refuses a confirmation with no finance officer named', () => {
      given([demanded, prepared(prepare())]).when(confirm({ confirmedBy: '' })).thenRejects('SCHEMA_INVALID');
    });
  });
});
