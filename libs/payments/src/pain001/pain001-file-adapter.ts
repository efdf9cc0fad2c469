// The default payment port: one pain.001.001.09 file per payout run, in a folder the bank's file transfer picks up.
// Payments of a run come one `pay` at a time (one per municipality, maybe again after a crash), so each call, under
// the run's lock (a PostgreSQL advisory lock in the worker, so across processes and pods): reads the run's journal; answers 'duplicate' if the
// reference is there; else records the payment in the journal and then rewrites the XML from it, each replaced
// atomically. A crash between the two leaves the XML one payment short, never with one twice; every call first
// brings the XML up to the journal, so the caller's retry completes it and no second crash leaves it two short.

import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { readFileIfExists, removeTempFiles, writeFileAtomic } from '../files/atomic-file';
import { assertRunKey, parsePaymentInstruction, runKeyOf, sameInstruction } from '../payment-instruction';
import { PaymentConflictError, type PaymentInstruction, type PaymentPort, type PaymentReceipt } from '../payment-port';
import { processRunLock, type RunLock } from '../run-lock';
import { buildPain001, type Pain001Options, type RecordedPayment } from './pain001-xml';
import { readRunJournal, writeRunJournal } from './run-journal';

export interface Pain001FileAdapterOptions extends Pain001Options {
  /** Where the run files go; made if missing. */
  folder: string;
  /** One writer per run: a PgAdvisoryRunLock wherever more than one process may write the folder; without one,
   * only this process's calls are serialised. */
  lock?: RunLock;
  /** The clock that stamps `sentAt`; tests pass a fixed one. */
  now?: () => Date;
}

/** A payment of a run that does not fit the run as its first payment made it: one debtor and execution date per
 * PmtInf, one payment per municipality (docs/domain.md §8: "called once per municipality and run"). */
const misfit = (first: PaymentInstruction, payments: readonly RecordedPayment[], p: PaymentInstruction) => {
  if (first.debtor.iban !== p.debtor.iban || first.debtor.name !== p.debtor.name) {
    return `the run is paid from ${first.debtor.iban} (${first.debtor.name})`;
  }
  if (first.requestedExecutionDate !== p.requestedExecutionDate) {
    return `the run executes on ${first.requestedExecutionDate}`;
  }
  const same = payments.find((r) => r.instruction.municipalityCode === p.municipalityCode);
  return same && `the run already pays municipality ${p.municipalityCode} as ${same.instruction.reference}`;
};

export class Pain001FileAdapter implements PaymentPort {
  private readonly folder: string;
  private readonly lock: RunLock;
  private readonly now: () => Date;

  constructor(private readonly options: Pain001FileAdapterOptions) {
    this.folder = path.resolve(options.folder);
    this.lock = options.lock ?? processRunLock;
    this.now = options.now ?? (() => new Date());
  }

  /** The run's pain.001 file. */
  fileOf(runKey: string): string {
    return path.join(this.folder, `${assertRunKey(runKey)}.pain001.xml`);
  }

  private journalOf(runKey: string): string {
    return path.join(this.folder, `${runKey}.journal.json`);
  }

  async pay(input: PaymentInstruction): Promise<PaymentReceipt> {
    const instruction = parsePaymentInstruction(input);
    const runKey = runKeyOf(instruction);
    return this.lock.withRunLock(runKey, async () => {
      await mkdir(this.folder, { recursive: true });
      return this.record(runKey, instruction);
    });
  }

  /** The payments recorded for a run, in order. Reads without the lock: each file is only ever replaced whole. */
  async listPayments(runKey: string): Promise<RecordedPayment[]> {
    return readRunJournal(this.journalOf(assertRunKey(runKey)), runKey);
  }

  /**
   * The run's XML as it stood at `asOf` (now when absent): the file as written, or, for an earlier instant, the same
   * message built from the payments sent by then (the build is deterministic). Undefined before the first payment.
   */
  async readFile(runKey: string, asOf?: Date): Promise<string | undefined> {
    const file = await readFileIfExists(this.fileOf(runKey));
    if (file === undefined || asOf === undefined) return file;
    const payments = await this.listPayments(runKey);
    const sent = payments.filter((p) => new Date(p.sentAt).getTime() <= asOf.getTime());
    if (sent.length === 0) return undefined;
    return sent.length === payments.length ? file : buildPain001(runKey, sent, this.options);
  }

  /** Called holding the run's lock. */
  private async record(runKey: string, instruction: PaymentInstruction): Promise<PaymentReceipt> {
    const xmlFile = this.fileOf(runKey);
    const journalFile = this.journalOf(runKey);
    await removeTempFiles([xmlFile, journalFile]);
    const payments = await readRunJournal(journalFile, runKey);
    const fileName = path.basename(xmlFile);
    // A crash between journal and XML left the XML behind: it catches up first, before any answer and before the
    // journal grows (else a second crash could leave it two payments short).
    if (payments.length > 0) await this.writeXml(xmlFile, runKey, payments);

    const earlier = payments.find((p) => p.instruction.reference === instruction.reference);
    if (earlier) {
      if (!sameInstruction(earlier.instruction, instruction)) {
        throw new PaymentConflictError(instruction.reference, 'paid before with other details');
      }
      return { reference: instruction.reference, status: 'duplicate', sentAt: earlier.sentAt, fileName };
    }

    const first = payments[0]?.instruction;
    const problem = first && misfit(first, payments, instruction);
    if (problem) throw new PaymentConflictError(instruction.reference, problem);

    const sentAt = this.now().toISOString();
    const next = [...payments, { instruction, sentAt }];
    await writeRunJournal(journalFile, runKey, next);
    await this.writeXml(xmlFile, runKey, next);
    return { reference: instruction.reference, status: 'accepted', sentAt, fileName };
  }

  /** Writes the run's XML unless it already says exactly this (then its file time stays as it was). */
  private async writeXml(file: string, runKey: string, payments: readonly RecordedPayment[]): Promise<void> {
    const xml = buildPain001(runKey, payments, this.options);
    if ((await readFileIfExists(file)) !== xml) await writeFileAtomic(file, xml);
  }
}
