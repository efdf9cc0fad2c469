// Recording a repayment received (tilbagebetaling, docs/domain.md §8): a finance officer prepares a receipt against
// the outstanding repayment demand of a budget year, a second finance officer confirms it (four-eyes, docs/domain.md "Who
// uses it"). The demand's outstanding amount falls by each confirmed receipt; it is settled at zero.
//
// Decisions of ours: a demand is named by its budget year (a year is settled once, so it has at most one demand); a
// receipt may be part of the outstanding amount, never more; receipts are recorded after the ledger has closed too
// (the lapse comes with the last settlement, and its demand is paid back after it). The received date is the day the
// money reached the agency, on or before the day the receipt is prepared.

import { copenhagenDateOf, toCopenhagenIso, type IsoDate } from '../calendar';
import { amountIsPositive, dateOrUndefined, instantIsValid, isDate, textIsGiven } from '../checks';
import { acceptUnless, reason, rejected, type Check, type Command, type Decision, type Reason } from '../decision';
import { isSecondPerson, personIsNamed } from '../four-eyes';
import { formatOre, isOre, type Ore } from '../money';
import type {
  Ledger,
  PendingRepaymentReceipt,
  RepaymentDemand,
  RepaymentReceiptPrepared,
  RepaymentReceived,
} from './ledger';

/////////////////////////////////////////
////////// Commands
/////////////////////////////////////////

/** A finance officer records money received against the repayment demand of a budget year. */
export type PrepareRepaymentReceipt = Command<
  'PrepareRepaymentReceipt',
  { budgetYear: number; amountOre: Ore; receivedOn: IsoDate; reference: string; preparedBy: string; at: Date }
>;

/** A second finance officer confirms the prepared receipt (four-eyes). */
export type ConfirmRepaymentReceipt = Command<
  'ConfirmRepaymentReceipt',
  { budgetYear: number; confirmedBy: string; at: Date }
>;

/////////////////////////////////////////
////////// Rules
/////////////////////////////////////////

const demandOf = (state: Ledger, budgetYear: number): RepaymentDemand | undefined =>
  state.repaymentDemands.find((demand) => demand.budgetYear === budgetYear);

const unknownDemand = (budgetYear: number): Reason =>
  reason('UNKNOWN_REPAYMENT_DEMAND', `No repayment has been demanded for budget year ${String(budgetYear)}.`);

/** A settled demand takes no more receipts. */
const isOutstanding = (demand: RepaymentDemand): Check =>
  demand.status === 'outstanding'
    ? undefined
    : reason(
        'REPAYMENT_ALREADY_SETTLED',
        `The repayment demand of budget year ${demand.budgetYear} (${formatOre(demand.amountOre)}) has been ` +
          'paid back in full.',
      );

/** A receipt pays back what the demand still asks for, no more (a settled demand is refused as such). */
const withinOutstanding = (demand: RepaymentDemand, amountOre: Ore): Check =>
  demand.status === 'settled' || !isOre(amountOre) || amountOre <= demand.outstandingOre
    ? undefined
    : reason(
        'EXCEEDS_OUTSTANDING_REPAYMENT',
        `${formatOre(amountOre)} is more than the repayment demand of budget year ${demand.budgetYear} still asks ` +
          `for, ${formatOre(demand.outstandingOre)}.`,
      );

/** Money is received before it is recorded, not after. */
const receivedByNow = (receivedOn: IsoDate | undefined, at: Date): Check =>
  receivedOn === undefined || instantIsValid(at) !== undefined || receivedOn <= copenhagenDateOf(at)
    ? undefined
    : reason('SCHEMA_INVALID', `The repayment is dated ${receivedOn}, after the day it is recorded.`);

const pendingReceiptData = ({ amountOre, receivedOn, reference, preparedBy }: PendingRepaymentReceipt) => ({
  amountOre,
  receivedOn,
  reference,
  preparedBy,
});

/////////////////////////////////////////
////////// Decisions
/////////////////////////////////////////

/** Prepares a receipt against an outstanding demand; preparing again before the confirmation replaces it. */
export const prepareRepaymentReceipt = (
  command: PrepareRepaymentReceipt,
  state: Ledger,
): Decision<RepaymentReceiptPrepared> => {
  const { budgetYear, amountOre, receivedOn, reference, preparedBy, at } = command.data;
  const demand = demandOf(state, budgetYear);
  if (demand === undefined) return rejected([unknownDemand(budgetYear)]);

  return acceptUnless(
    [
      personIsNamed(preparedBy, 'finance officer who prepares the receipt'),
      instantIsValid(at),
      isDate(receivedOn, 'The date received (receivedOn)'),
      textIsGiven(reference, 'The reference of the transfer'),
      isOutstanding(demand),
      amountIsPositive(amountOre),
      withinOutstanding(demand, amountOre),
      receivedByNow(dateOrUndefined(receivedOn), at),
    ],
    (): RepaymentReceiptPrepared[] => [
      {
        type: 'RepaymentReceiptPrepared',
        data: {
          poolId: state.poolId!,
          municipalityCode: state.municipalityCode!,
          budgetYear,
          amountOre,
          receivedOn,
          reference: reference.trim(),
          preparedBy,
          preparedAt: at.toISOString(),
        },
      },
    ],
  );
};

/** Confirms the prepared receipt: the demand's outstanding amount falls by it. */
export const confirmRepaymentReceipt = (
  command: ConfirmRepaymentReceipt,
  state: Ledger,
): Decision<RepaymentReceived> => {
  const { budgetYear, confirmedBy, at } = command.data;
  const demand = demandOf(state, budgetYear);
  if (demand === undefined) return rejected([unknownDemand(budgetYear)]);
  const pending = demand.pendingReceipt;
  if (pending === null) {
    return rejected([
      reason(
        'NO_RECEIPT_PREPARED',
        `No receipt against the repayment demand of budget year ${budgetYear} has been prepared.`,
      ),
    ]);
  }

  return acceptUnless(
    [
      instantIsValid(at),
      isOutstanding(demand),
      withinOutstanding(demand, pending.amountOre),
      personIsNamed(confirmedBy, 'finance officer who confirms the receipt') ??
        isSecondPerson(
          pending.preparedBy,
          confirmedBy,
          `prepared the receipt of ${formatOre(pending.amountOre)} (${toCopenhagenIso(pending.preparedAt)})`,
        ),
    ],
    (): RepaymentReceived[] => [
      {
        type: 'RepaymentReceived',
        data: {
          poolId: state.poolId!,
          municipalityCode: state.municipalityCode!,
          budgetYear,
          ...pendingReceiptData(pending),
          confirmedBy,
          outstandingOre: demand.outstandingOre - pending.amountOre,
          confirmedAt: at.toISOString(),
        },
      },
    ],
  );
};
