// An ISO 20022 pain.001.001.09 (CustomerCreditTransferInitiation) message for one payout run: one PmtInf for the
// run, one CdtTrfTxInf per municipality. It is a pure function of the run's recorded payments, so writing it again
// after a crash gives the same bytes.

import { sumOreExact, toCopenhagenIso, type Ore } from '@puljeflow/domain';
import { create } from 'xmlbuilder2';
import { runIdOf } from '../payment-instruction';
import type { CreditorAccount, PaymentInstruction } from '../payment-port';

export const PAIN_001_NAMESPACE = 'urn:iso:std:iso:20022:tech:xsd:pain.001.001.09';

/** A payment as the run's journal holds it: the instruction and when it was recorded. */
export interface RecordedPayment {
  instruction: PaymentInstruction;
  sentAt: string;
}

/** Kroner with two decimals, as ISO 20022 amounts are written: 123456 øre → "1234.56". BigInt, so sums stay exact. */
export const oreToAmount = (ore: Ore | bigint): string => {
  const value = BigInt(ore);
  if (value < 0n) throw new RangeError(`a payment amount is not negative: ${value} øre`);
  return `${value / 100n}.${(value % 100n).toString().padStart(2, '0')}`;
};

// A Danish account without IBAN is a BBAN: registration number and the account number padded to 10 digits.
const accountId = (account: CreditorAccount) =>
  'iban' in account
    ? { IBAN: account.iban }
    : { Othr: { Id: `${account.regNo}${account.accountNo.padStart(10, '0')}`, SchmeNm: { Cd: 'BBAN' } } };

const remittance = (payment: PaymentInstruction): string =>
  `Refusion ${payment.poolId} udbetaling ${payment.runDate} kommune ${payment.municipalityCode}`;

const transaction = ({ instruction: p }: RecordedPayment) => ({
  PmtId: { EndToEndId: p.reference },
  Amt: { InstdAmt: { '@Ccy': 'DKK', '#': oreToAmount(p.amountOre) } },
  Cdtr: { Nm: p.creditor.name },
  ...(p.creditor.account ? { CdtrAcct: { Id: accountId(p.creditor.account) } } : {}),
  RmtInf: { Ustrd: remittance(p) },
});

export interface Pain001Options {
  /** The initiating party (InitgPty/Nm); the run's debtor when left out. */
  initiatingParty?: string;
}

/** The whole message for a run's payments, in the order they were recorded. */
export const buildPain001 = (runKey: string, payments: readonly RecordedPayment[], options: Pain001Options = {}) => {
  const first = payments[0]?.instruction;
  if (!first) throw new RangeError(`run ${runKey} has no payments to write`);
  const count = String(payments.length);
  const total = oreToAmount(sumOreExact(payments.map((p) => p.instruction.amountOre)));
  const runId = runIdOf(runKey);
  // Stable ids and time, so the same payments give the same file: the message id changes with its content.
  const createdAt = payments.map((p) => p.sentAt).reduce((a, b) => (a > b ? a : b));
  return create(
    { version: '1.0', encoding: 'UTF-8' },
    {
      Document: {
        '@xmlns': PAIN_001_NAMESPACE,
        CstmrCdtTrfInitn: {
          GrpHdr: {
            MsgId: `${runId}-${count}`,
            CreDtTm: toCopenhagenIso(new Date(createdAt)),
            NbOfTxs: count,
            CtrlSum: total,
            InitgPty: { Nm: options.initiatingParty ?? first.debtor.name },
          },
          PmtInf: {
            PmtInfId: runId,
            PmtMtd: 'TRF',
            NbOfTxs: count,
            CtrlSum: total,
            ReqdExctnDt: { Dt: first.requestedExecutionDate },
            Dbtr: { Nm: first.debtor.name },
            DbtrAcct: { Id: { IBAN: first.debtor.iban } },
            // The debtor's bank follows from its IBAN; pain.001 still wants the element (EPC convention).
            DbtrAgt: { FinInstnId: { Othr: { Id: 'NOTPROVIDED' } } },
            CdtTrfTxInf: payments.map(transaction),
          },
        },
      },
    },
  ).end({ prettyPrint: true });
};
