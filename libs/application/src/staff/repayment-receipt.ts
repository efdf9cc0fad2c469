import { confirmRepaymentReceipt, ledgerStreamId, prepareRepaymentReceipt } from '@puljeflow/domain';
import type { EventStore } from '@puljeflow/event-store';
import { toOutcome } from '../command-handler';
import { handleLedger } from '../loaders';
import type { Outcome } from '../streams';

export interface RepaymentReceiptRequest {
  poolId: string;
  municipalityCode: string;
  budgetYear: number;
  by: string;
  at: Date;
}

/** A finance officer records money received against a budget year's repayment demand (docs/domain.md §8). */
export const prepareRepayment = (
  store: EventStore,
  request: RepaymentReceiptRequest & { amountOre: number; receivedOn: string; reference: string },
): Promise<Outcome> =>
  handleLedger(store, ledgerStreamId(request.poolId, request.municipalityCode), (state) =>
    prepareRepaymentReceipt(
      {
        type: 'PrepareRepaymentReceipt',
        data: { budgetYear: request.budgetYear, amountOre: request.amountOre, receivedOn: request.receivedOn, reference: request.reference, preparedBy: request.by, at: request.at },
      },
      state,
    ),
  ).then(toOutcome);

/** A second finance officer confirms it (four-eyes): the demand's outstanding amount falls by it. */
export const confirmRepayment = (store: EventStore, request: RepaymentReceiptRequest): Promise<Outcome> =>
  handleLedger(store, ledgerStreamId(request.poolId, request.municipalityCode), (state) =>
    confirmRepaymentReceipt({ type: 'ConfirmRepaymentReceipt', data: { budgetYear: request.budgetYear, confirmedBy: request.by, at: request.at } }, state),
  ).then(toOutcome);
