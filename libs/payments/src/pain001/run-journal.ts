// The run journal: every payment recorded for a run, with when, as JSON beside the run's pain.001 file. It is the
// record the file is written from; replaced whole and atomically, so it is always a complete list.

import { z } from 'zod';
import { readFileIfExists, writeFileAtomic } from '../files/atomic-file';
import { parsePaymentInstruction, PaymentInstructionSchema } from '../payment-instruction';
import type { RecordedPayment } from './pain001-xml';

const RunJournalSchema = z.strictObject({
  runKey: z.string(),
  payments: z.array(z.strictObject({ instruction: PaymentInstructionSchema, sentAt: z.iso.datetime() })),
});

export const readRunJournal = async (file: string, runKey: string): Promise<RecordedPayment[]> => {
  const text = await readFileIfExists(file);
  if (text === undefined) return [];
  const journal = RunJournalSchema.parse(JSON.parse(text));
  if (journal.runKey !== runKey) throw new Error(`${file} is the journal of run ${journal.runKey}, not ${runKey}`);
  // Normalised as the port normalises what it is given, so the two compare equal.
  return journal.payments.map(({ instruction, sentAt }) => ({
    instruction: parsePaymentInstruction(instruction),
    sentAt,
  }));
};

export const writeRunJournal = (file: string, runKey: string, payments: readonly RecordedPayment[]): Promise<void> =>
  writeFileAtomic(file, `${JSON.stringify({ runKey, payments }, null, 2)}\n`);
