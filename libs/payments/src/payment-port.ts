// The payment port (docs/domain.md §8): the payment system is called once per municipality and payout run, with an
// idempotent payment reference. A crash at any point between sending and recording never pays twice: the port and
// the database both refuse a second payment with the same reference. This file is the port's side of that promise.

import type { IsoDate, MunicipalityCode, Ore } from '@puljeflow/domain';

/** Where the money goes: an IBAN, or a Danish account as registration number (4 digits) and account number. */
export type CreditorAccount = { iban: string } | { regNo: string; accountNo: string };

/** One payout (udbetaling) to one municipality in one payout run. */
export interface PaymentInstruction {
  /** At most 35 characters, unique per pool, municipality and run (see `paymentReference`). It is the EndToEndId of
   * a pain.001 file and the Idempotency-Key over HTTP. */
  reference: string;
  poolId: string;
  runDate: IsoDate;
  municipalityCode: MunicipalityCode;
  /** More than zero: a repayment demand (tilbagebetaling) is no payment. */
  amountOre: Ore;
  /** `account` may be left out where the bank pays to the creditor's NemKonto by other means. */
  creditor: { name: string; account?: CreditorAccount };
  debtor: { name: string; iban: string };
  requestedExecutionDate: IsoDate;
}

export interface PaymentReceipt {
  reference: string;
  /** 'duplicate': the reference was paid before; the receipt is that payment's, and nothing was sent now. */
  status: 'accepted' | 'duplicate';
  /** ISO-8601 instant the payment was first handed to the payment system. */
  sentAt: string;
  /** The payment file that holds it, for adapters that write files. */
  fileName?: string;
}

export interface PaymentPort {
  /** Pays once per reference: a second call with a reference already paid resolves 'duplicate' and sends nothing.
   * Resolves only once the payment is durably recorded; a rejection means it may or may not have been recorded,
   * and calling again with the same instruction is always safe. */
  pay(instruction: PaymentInstruction): Promise<PaymentReceipt>;
}

/** The same reference came with another payment (or the run already pays the municipality under another reference):
 * a programming error upstream, never a duplicate to shrug off. */
export class PaymentConflictError extends Error {
  override readonly name = 'PaymentConflictError';
  constructor(
    readonly reference: string,
    detail: string,
  ) {
    super(`payment ${reference}: ${detail}`);
  }
}

/** The payment system refused the payment for good (a 4xx other than 409); retrying will not help. */
export class PaymentRejectedError extends Error {
  override readonly name = 'PaymentRejectedError';
  constructor(
    readonly reference: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`payment ${reference} rejected by the payment system: HTTP ${status} ${body.slice(0, 200)}`);
  }
}

/** The payment system could not be reached, or kept failing, within the adapter's retries. Safe to retry later. */
export class PaymentSystemUnavailableError extends Error {
  override readonly name = 'PaymentSystemUnavailableError';
  constructor(
    readonly reference: string,
    readonly attempts: number,
    override readonly cause: unknown,
  ) {
    super(`payment ${reference}: payment system unavailable after ${attempts} attempts: ${String(cause)}`);
  }
}
