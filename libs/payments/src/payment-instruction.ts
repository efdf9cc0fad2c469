// Checking a payment instruction at the port, and the reference and run key derived from it.

import { createHash } from 'node:crypto';
import { isValidIsoDate, MunicipalityCodeSchema, OreSchema } from '@puljeflow/domain';
import { z } from 'zod';
import { isValidIban } from './iban';
import type { PaymentInstruction } from './payment-port';

/** ISO 20022 Max35Text, kept to characters every Danish bank passes through unchanged (no '/', which SEPA rules
 * forbid at the ends and doubled). */
const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9.:-]{0,34}$/;
/** As libs/domain's pool definition schema: lower-case words joined by '-'. Safe in a file name. */
const POOL_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

const isoDate = z.string().refine(isValidIsoDate, "must be a date 'YYYY-MM-DD'");
// pain.001.001.09 names are Max140Text.
const name = z.string().trim().min(1).max(140);
const iban = z.string().refine(isValidIban, 'must be an IBAN (upper case, no spaces) with valid check digits');

const creditorAccount = z.union([
  z.strictObject({ iban }),
  z.strictObject({ regNo: z.string().regex(/^\d{4}$/), accountNo: z.string().regex(/^\d{1,10}$/) }),
]);

export const PaymentInstructionSchema = z.strictObject({
  reference: z.string().regex(REFERENCE, "must be 1-35 of A-Z a-z 0-9 '.' ':' '-', starting with a letter or digit"),
  poolId: z.string().regex(POOL_ID, 'must be lower-case words joined by "-"'),
  runDate: isoDate,
  municipalityCode: MunicipalityCodeSchema,
  amountOre: OreSchema.refine((ore) => ore > 0, 'must be more than zero'),
  creditor: z.strictObject({ name, account: creditorAccount.optional() }),
  debtor: z.strictObject({ name, iban }),
  requestedExecutionDate: isoDate,
});

/** The instruction, checked and normalised (names trimmed, keys in one order, so two can be compared as JSON).
 * Throws a ZodError for one that cannot be paid: a programming error upstream, not a business outcome. */
export const parsePaymentInstruction = (input: PaymentInstruction): PaymentInstruction => {
  const { creditor, ...rest } = PaymentInstructionSchema.parse(input);
  // No `account: undefined` key, so an instruction read back from JSON compares equal to the one given.
  return { ...rest, creditor: creditor.account ? creditor : { name: creditor.name } };
};

export const sameInstruction = (a: PaymentInstruction, b: PaymentInstruction): boolean =>
  JSON.stringify(parsePaymentInstruction(a)) === JSON.stringify(parsePaymentInstruction(b));

const hash = (text: string, length: number): string => createHash('sha256').update(text).digest('hex').slice(0, length);

/** The payment reference of a municipality's payout in a run: `<poolId>-<YYYYMMDD>-<municipality>`, readable where
 * it fits in 35 characters; a longer pool id is replaced by 20 hex digits of its SHA-256, `PF<hash>-…`. */
export const paymentReference = (payment: Pick<PaymentInstruction, 'poolId' | 'runDate' | 'municipalityCode'>): string => {
  const tail = `${payment.runDate.replaceAll('-', '')}-${payment.municipalityCode}`;
  const readable = `${payment.poolId}-${tail}`;
  return readable.length <= 35 ? readable : `PF${hash(payment.poolId, 20)}-${tail}`;
};

/** A payout run is a pool's run date: `<poolId>_<runDate>`, safe as a file name ('_' is in no pool id). */
export const runKeyOf = (payment: Pick<PaymentInstruction, 'poolId' | 'runDate'>): string =>
  `${payment.poolId}_${payment.runDate}`;

const RUN_KEY = /^[a-z0-9]+(-[a-z0-9]+)*_\d{4}-\d{2}-\d{2}$/;

/** A run key given from outside, checked before it becomes part of a file name. */
export const assertRunKey = (runKey: string): string => {
  if (!RUN_KEY.test(runKey)) throw new RangeError(`not a run key '<poolId>_<YYYY-MM-DD>': ${runKey}`);
  return runKey;
};

/** Short, stable ids for a run's pain.001 message (Max35Text), from its key. */
export const runIdOf = (runKey: string): string => `PF-${runKey.slice(-10).replaceAll('-', '')}-${hash(runKey, 12)}`;
