// The ledger's decider: the decisions about a municipality's money in a pool (docs/domain.md §7–10): expenses, refund claims, their review and
// approval (four-eyes), payments, the final settlement of each budget year and the lapse of the unused tilsagn.
// The course, the pool and the commitment come in the command; the decision reads no store and no clock. Every
// decision is checked against the ledger invariants on the state it would leave (keepingInvariants): one that would
// break one is refused and records nothing.
//
// Decisions of ours, where docs/domain.md is silent:
// - Interim claims are a conto; the final claim is the year's statement (endelig opgørelse). It covers every reported
//   expense of the year up to its date, those already in interim claims included, and its review may cut any of them
//   (a cut from an interim review is carried into it unless the reviewer changes it). Its approval replaces the
//   year's interim approvals and settles the year in the same decision: what was paid on the interim claims counts
//   towards it, the rest is owed, and what was paid beyond it is demanded back. (docs/municipal-api.md: a claim "claims
//   every reported, unclaimed expense"; for a final claim, "unclaimed" means not yet finally claimed.)
// - The commitment caps the refund twice: at the claim, on the refund claimed (commitment − refunds approved then),
//   and at the approval, on the refund approved (commitment − refunds approved by then, other years' only for a final
//   claim, which replaces its own year's). Claims waiting for approval are not reserved: the cap at the approval is
//   the one that keeps approved ≤ commitment.
// - Expenses dated on the cancellation day are kept; only those after it are refused. An expense recorded before a
//   cancellation that was reported later and dated earlier stays recorded: the caseworker cuts it in the review.
// - The claim deadline of a budget year (the final claim's, never moved) ends every claim for that year, interim too.
// - Expenses of a year whose final claim exists are refused: nothing could claim them any more.
//
// Each decision lives in the file of its part: expenses.ts, claims.ts, review.ts (review and approval), payments.ts
// (payments and closing), repayments.ts (repayments received); rules.ts holds the checks they share.

import { rejected, reason, type Decider, type Decision } from '../decision';
import { claimRefund, type ClaimRefund } from './claims';
import { recordExpense, type RecordExpense } from './expenses';
import { evolve, initialState, type Ledger, type LedgerEvent } from './ledger';
import { closeLedger, recordPayment, type CloseLedger, type RecordPayment } from './payments';
import {
  confirmRepaymentReceipt,
  prepareRepaymentReceipt,
  type ConfirmRepaymentReceipt,
  type PrepareRepaymentReceipt,
} from './repayments';
import { approveClaim, reviewClaim, type ApproveClaim, type ReviewClaim } from './review';

export { claimRefund, type ClaimRefund } from './claims';
export { recordExpense, type RecordExpense } from './expenses';
export { closeLedger, recordPayment, type CloseLedger, type RecordPayment } from './payments';
export {
  confirmRepaymentReceipt,
  prepareRepaymentReceipt,
  type ConfirmRepaymentReceipt,
  type PrepareRepaymentReceipt,
} from './repayments';
export { approveClaim, reviewClaim, type ApproveClaim, type ReviewClaim, type ReviewCut } from './review';

export type LedgerCommand =
  | RecordExpense
  | ClaimRefund
  | ReviewClaim
  | ApproveClaim
  | RecordPayment
  | CloseLedger
  | PrepareRepaymentReceipt
  | ConfirmRepaymentReceipt;

export const decide = (command: LedgerCommand, state: Ledger): Decision<LedgerEvent> => {
  const { type } = command;

  switch (type) {
    case 'RecordExpense':
      return recordExpense(command, state);
    case 'ClaimRefund':
      return claimRefund(command, state);
    case 'ReviewClaim':
      return reviewClaim(command, state);
    case 'ApproveClaim':
      return approveClaim(command, state);
    case 'RecordPayment':
      return recordPayment(command, state);
    case 'CloseLedger':
      return closeLedger(command, state);
    case 'PrepareRepaymentReceipt':
      return prepareRepaymentReceipt(command, state);
    case 'ConfirmRepaymentReceipt':
      return confirmRepaymentReceipt(command, state);
    default: {
      const _unknownCommand: never = type;
      return rejected([reason('SCHEMA_INVALID', `Unknown ledger command ${String(_unknownCommand)}.`)]);
    }
  }
};

export const ledgerDecider: Decider<Ledger, LedgerCommand, LedgerEvent> = { decide, evolve, initialState };
