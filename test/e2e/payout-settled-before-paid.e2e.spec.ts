import { randomBytes, randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { CommitmentService, LedgerService, MunicipalEventService, PayoutService, PoolService, describePayoutRun, ledgerTrace, listPayoutRuns, type Outcome, type PaymentParties } from '@puljeflow/application';
import { copenhagenInstant, paymentReference } from '@puljeflow/domain';
import { EventStore } from '@puljeflow/event-store';
import type { PaymentInstruction, PaymentPort } from '@puljeflow/payments';
import { CitizenVault } from '@puljeflow/personal-data';
import { runMigrations } from '@puljeflow/read-models';
import { importBalance, importMunicipalities } from '@puljeflow/reference-data';
import { createFreshDatabase, type FreshDatabase } from '@puljeflow/test-support';
import { shiftedMangelpulje2019 } from './money-calendar.support';

jest.setTimeout(60_000);

// Regression test for a bug found while writing money-calendar.e2e.spec.ts, now fixed: PayoutService.payLine asks
// the ledger first, under the ledger's stream lock, and pays only what the ledger would record.
//
// The bug: PayoutService.payLine (libs/application/src/payout.service.ts) called the payment port FIRST and asked the
// ledger (RecordPayment) only AFTER. When the ledger refuses the line — because the approved refund it was prepared from is
// no longer payable — the money has already gone to the bank, the ledger records nothing, and payLine throws; the
// payout run workflow's activity (no maximum attempts) retries forever: the port answers 'duplicate', the ledger
// refuses again, and the run never completes. docs/domain.md §8 and payout-run.ts say the opposite: "A line the ledger
// refuses is completed as unpaid, and the next run pays what is still owed"; decide.ts's RecordPayment says "a
// decision is pure, so the caller may ask it before calling the payment port".
//
// How it happens in the calendar: finance prepares and releases the run on its date; before the run's workflow pays
// (the release signal lost and the daily re-check not yet due, or simply minutes later), a caseworker and an
// approver approve the year's final claim. Its settlement takes over the year's interim claims, so the interim claim
// the run's line pays is no longer payable (PAID_EXCEEDS_APPROVED) — and with a review cut the bank pays out more
// than the year's approved refund. March, the month of the final claims, ends with a payout run.
//
// Mangelpulje-2019's rules, its calendar moved 8 years ahead as in money-calendar.e2e.spec.ts; no Temporal is
// needed: the services are called with the instants the workflow would use.

describe('a payout line whose refund is settled between the release and the payment (BUG: paid before the ledger decides)', () => {
  const POOL_ID = 'payout-race';
  const KBH = '101';
  let db: FreshDatabase;
  let pg: Pool;

  beforeAll(async () => {
    db = await createFreshDatabase('payout_race');
    await runMigrations(db.url);
    pg = new Pool({ connectionString: db.url, max: 4 });
    pg.on('error', () => undefined);
  });

  afterAll(async () => {
    await pg?.end();
    await db?.drop();
  });

  it('sends the bank nothing the ledger does not record as paid', async () => {
    const at = (date: string, time: string) => copenhagenInstant(date, time);
    const ok = (outcome: Outcome) => expect(outcome).toEqual(expect.objectContaining({ ok: true }));
    await importMunicipalities(pg);
    await importBalance(pg, '# source: test\nhalf_year,rar_area,job_title,disco_08,status\n2027H2,Hovedstaden,Social- og sundhedsassistent,532100,omfattende mangel\n', { importedBy: 'test' });
    const store = new EventStore(pg);
    const pools = new PoolService(store);
    const ledgers = new LedgerService(store);
    const payouts = new PayoutService(store);
    const commitments = new CommitmentService(store);
    const municipal = new MunicipalEventService(store, { vault: new CitizenVault({ pool: pg, pseudonymKey: randomBytes(32), keyEncryptionKey: randomBytes(32) }), hashKey: randomBytes(32) });
    const submit = async (type: string, data: Record<string, unknown>, when: Date) => {
      const result = await municipal.submit(KBH, { eventId: randomUUID(), type: type as never, occurredAt: when.toISOString(), data }, when);
      expect([type, result.status]).toEqual([type, 'accepted']);
    };

    // Opened, allocated, committed; a course of December 2027 with one expense, claimed a conto and approved.
    await pools.open(shiftedMangelpulje2019(8, { poolId: POOL_ID, commitmentsOre: 1_000_000 }));
    await submit('InterestExpressed', { poolId: POOL_ID, requestedAmountOre: 1_000_000, expectedParticipants: 2, contactEmail: 'jc@kk.dk' }, at('2027-11-10', '10:00'));
    await pools.allocate(POOL_ID, at('2027-11-29', '12:00'));
    ok(await commitments.prepare({ poolId: POOL_ID, municipalityCode: KBH, by: 'karen', at: at('2027-12-01', '10:00') }));
    ok(await commitments.approve({ poolId: POOL_ID, municipalityCode: KBH, by: 'anders', at: at('2027-12-01', '10:05') }));
    await submit('CourseStarted', {
      poolId: POOL_ID,
      courseId: 'K-1',
      citizen: { cpr: '0101901234' },
      targetGroup: 'ressourceforloeb',
      employerDeclaration: { cvr: '12345678', employerName: 'Plejecenter', jobTitle: 'Social- og sundhedsassistent', rarArea: 'Hovedstaden', signedOn: '2027-12-02', expectedEmploymentStart: '2028-03-01', withoutWageSubsidy: true },
      course: { title: 'SOSU', provider: 'AMU', category: 'opkvalificering', startDate: '2027-12-06', endDate: '2028-02-25', estimatedCostOre: 500_000 },
    }, at('2027-12-06', '09:00'));
    await submit('ExpenseIncurred', { courseId: 'K-1', expenseId: 'K1-1', category: 'kursusafgift', amountOre: 500_000, incurredOn: '2027-12-06', invoiceRef: 'F-1' }, at('2027-12-06', '10:00'));
    await submit('RefundClaimed', { poolId: POOL_ID, claimId: 'I-2027', budgetYear: 2027, kind: 'interim', upTo: '2027-12-31' }, at('2028-01-05', '10:00'));
    ok(await ledgers.review(POOL_ID, KBH, 'I-2027', [], 'karen', at('2028-01-10', '10:00')));
    ok(await ledgers.approve(POOL_ID, KBH, 'I-2027', 'anders', at('2028-01-10', '10:05'))); // 80 % of 500,000 = 400,000

    // The run of 31 January 2028 is prepared (400,000 for I-2027) and released by two finance officers…
    const runDate = '2028-01-31';
    ok(await payouts.prepare(POOL_ID, runDate, 'fie.finans', at(runDate, '09:00')));
    ok(await payouts.release(POOL_ID, runDate, 'finn.finans', at(runDate, '09:05')));
    expect((await payouts.describe(POOL_ID, runDate)).lines.map((l) => [l.amountOre, l.claimIds])).toEqual([[400_000, ['I-2027']]]);

    // …and before the run's workflow pays, the final claim for 2027 is approved with a review cut: 2027 is settled
    // at 80 % of 400,000 = 320,000, owed in full (nothing paid yet); the interim claim is no longer payable.
    await submit('RefundClaimed', { poolId: POOL_ID, claimId: 'F-2027', budgetYear: 2027, kind: 'final', upTo: '2027-12-31', statement: { signedBy: 'Direktør', auditorCertified: true, documentRef: 'REV-1' } }, at(runDate, '10:00'));
    ok(await ledgers.review(POOL_ID, KBH, 'F-2027', [{ courseId: 'K-1', expenseId: 'K1-1', approvedOre: 400_000, reason: 'Delvist dokumenteret' }], 'karen', at(runDate, '10:30')));
    ok(await ledgers.approve(POOL_ID, KBH, 'F-2027', 'anders', at(runDate, '11:00')));

    // Now the run's workflow pays its line, as apps/worker's payLine activity does.
    const sent: PaymentInstruction[] = [];
    const bank: PaymentPort = {
      async pay(instruction) {
        const earlier = sent.find((s) => s.reference === instruction.reference);
        if (!earlier) sent.push(instruction);
        return { reference: instruction.reference, status: earlier ? 'duplicate' : 'accepted', sentAt: new Date().toISOString() };
      },
    };
    const parties: PaymentParties = { debtor: { name: 'STAR', iban: 'DK5000400440116243' }, creditorName: () => 'Københavns Kommune' };
    const reference = paymentReference(POOL_ID, KBH, runDate);
    const attempts: string[] = [];
    for (let attempt = 0; attempt < 2; attempt++) {
      // The activity's retries: each attempt calls payLine again with the same reference.
      attempts.push(await payouts.payLine(POOL_ID, runDate, reference, bank, parties, at(runDate, '12:00')).then((r) => r.outcome, (e: Error) => `threw: ${e.message.slice(0, 80)}`));
    }
    const { figures } = await ledgerTrace(store, POOL_ID, KBH);
    const sentOre = sent.reduce((total, s) => total + s.amountOre, 0);

    // What the bank was told to pay must be what the ledger records as paid, never more than was approved.
    // Before the fix the bank was sent 400,000 øre, the ledger recorded 0 paid (approved 320,000), and every attempt
    // threw "payment … refused: PAID_EXCEEDS_APPROVED", so the run's workflow retried for ever. Now: refused, unpaid.
    expect(attempts).toEqual(['refused', 'refused']);
    expect({ sentToTheBankOre: sentOre, recordedAsPaidOre: figures.paidOre, attempts }).toEqual({
      sentToTheBankOre: figures.paidOre,
      recordedAsPaidOre: figures.paidOre,
      attempts: attempts.map(() => expect.not.stringMatching(/^threw/)),
    });
    expect(sentOre).toBeLessThanOrEqual(figures.approvedRefundOre);

    // The run completes with the line unpaid; staff see it failed, with the ledger's reason as its last error.
    ok(await payouts.complete(POOL_ID, runDate, at(runDate, '12:05')));
    const line = (await describePayoutRun(store, POOL_ID, runDate, new Date())).lines[0];
    expect(line).toEqual(expect.objectContaining({ reference, state: 'failed', paidAt: null, lastError: expect.stringContaining('PAID_EXCEEDS_APPROVED') }));
    const run = (await listPayoutRuns(store, POOL_ID, new Date()))!.runs.find((r) => r.runDate === runDate);
    expect(run).toEqual(expect.objectContaining({ state: 'paid', paidOre: 0, lines: { paid: 0, unpaid: 0, failed: 1 }, failures: [{ municipalityCode: KBH, reference, amountOre: 400_000, lastError: line!.lastError }] }));
  });
});
