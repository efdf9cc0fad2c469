import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { Pool } from 'pg';
import {
  CommitmentService,
  LedgerService,
  MunicipalEventService,
  PayoutService,
  PoolService,
  ledgerTrace,
  loadPool,
  readPoolSummary,
  readStanding,
  type Outcome,
  type PaymentParties,
} from '@puljeflow/application';
import type { SubmissionResult } from '@puljeflow/contracts';
import { addDays, copenhagenInstant, mangelpulje2019, type IsoDate, type PoolDefinition, type ReviewCut } from '@puljeflow/domain';
import { EventStore } from '@puljeflow/event-store';
import { isBankingDay, Pain001FileAdapter } from '@puljeflow/payments';
import { CitizenVault } from '@puljeflow/personal-data';
import { runMigrations } from '@puljeflow/read-models';
import { importBalance, importMunicipalities, municipalityByCode } from '@puljeflow/reference-data';
import { createFreshDatabase, eventually, temporalTestServerPath, type FreshDatabase } from '@puljeflow/test-support';
import { TASK_QUEUE, payoutRunWorkflowId, poolWorkflowId, runReleasedSignal, workflowsPath } from '@puljeflow/workflows';
import { appModule, moveDate, readPain001Run, shiftedMangelpulje2019, within, yearsAhead, type CreateActivities, type StartPoolWorkflow } from './money-calendar.support';

jest.setTimeout(180_000);

// A whole calendar of mangelpulje-2019 on the real time-skipping Temporal server, with a real
// worker (the app's own activities) in this process, the application services on a fresh database, and pain.001
// files in a temp folder. Decisions are made in-process through the services, each with `at` = the Temporal
// server's current time: the domain decides deadlines by `at`, and the server's clock is the one that skips.
//
// Why the calendar is moved: the test server starts at today's date and only moves forward, so 2019 cannot be run.
// The test moves docs/domain.md's calendar of mangelpulje-2019 by whole years (shiftedMangelpulje2019) — today by 8,
// the fewest that put its opening ahead of today (yearsAhead) — keeping every Copenhagen wall-clock time; the
// payout runs are the last Danish banking days of the moved months. Rules and relative calendar are docs/domain.md's, and
// the scenario below is written in docs/domain.md's own dates (2019–2021), each moved when it is used. With +8:
//   opened 2027-11-08 09:00 · interest deadline 2027-11-29 12:00 · starts to the end of 2028-12-31 · grace to the end
//   of 2029-01-31 · final claims for 2027 by 2028-04-01 12:00 and for 2028 by 2029-04-01 12:00 · payout runs on the
//   last banking day of each month Jan 2028 – Jun 2029 · closes at the end of 2029-06-30 · budget years 2027, 2028.
// The money does not depend on the year: every run pays by the 24th of its month what was approved by the 20th.
//
// ─── Worked out by hand (docs/domain.md's dates; budget years 2019 and 2020, i.e. 2027 and 2028 with +8) ──────────────
// Pool 3,000,000 øre. Interest: 101 København 2,000,000; 751 Aarhus 1,500,000; 461 Odense 800,000, revised to
// 1,000,000. Sought 4,500,000 > 3,000,000: shared pro rata, largest remainder.
//   101: 3,000,000 × 2.0/4.5 = 1,333,333.33 → 1,333,333
//   751: 3,000,000 × 1.5/4.5 = 1,000,000.00 → 1,000,000
//   461: 3,000,000 × 1.0/4.5 =   666,666.67 →   666,666, + the one øre left (largest remainder .67) → 666,667
//   sum 3,000,000, nothing lapses at the allocation. Tilsagn = allocation.
// Refund = 80 % of a claim's total, rounded down; capped by what remains of the tilsagn (for a final claim its own
// year's interim approvals are not counted, as its approval replaces them).
//
// 101 København, tilsagn 1,333,333
//   K-1 (started 2019-12-06): K1-1 500,001 (2019-12-06), K1-2 100,003 (2019-12-10) → 2019; K1-3 200,000 (2020-01-20) → 2020
//   K-2 (started 2020-11-06): K2-1 400,000 (2020-11-06) → 2020; K2-2 150,001 (2021-01-15, run-off) → 2020
//   I-K-2019 interim (2020-01-05): 600,004 → 480,003.2 → 480,003 (expense by expense it would be 400,000 + 80,002)
//   F-K-2019 final  (2020-03-01): 600,004 → 480,003 claimed; the review cuts K1-2 to 50,000 → 550,001 → 440,000.8
//            → 440,000 approved (2020-03-10). Settled: paid 480,003 > 440,000 → repayment demanded 40,003
//   I-K-2020 interim (2020-07-03): 200,000 → 160,000
//   F-K-2020 final  (2021-03-01): 200,000 + 400,000 + 150,001 = 750,001 → 600,000.8 → 600,000
//            (cap 1,333,333 − 440,000 = 893,333: none). Settled: paid 160,000 → owed 440,000.
//            The last budget year settled: lapse 1,333,333 − (440,000 + 600,000) = 293,333 ('settled')
//   paid 480,003 + 160,000 + 440,000 = 1,080,003 · repaid 40,003 · lapsed 293,333 · approved 1,040,000
//
// 751 Aarhus, tilsagn 1,000,000
//   A-1 (started 2019-12-06): A1-1 300,000 (2019-12-06), A1-2 12,347 (2019-12-20), A1-3 50,000 (2019-12-28, reported
//        2020-01-20, after the interim claim) → 2019; A1-X ydelse 30,000 refused (EXPENSE_NOT_REFUNDABLE)
//   A-2 (started 2020-03-06): A2-1 400,000 (2020-03-06), A2-2 80,001 (2020-05-15), A2-3 20,000 (2020-05-31) → 2020
//   I-A-2019 interim (2020-01-05): 312,347 → 249,877.6 → 249,877
//   F-A-2019 final  (2020-03-15): 362,347 → 289,877.6 → 289,877 approved. Settled: paid 249,877 → owed 40,000
//   I-A-2020 interim (2020-07-03): A2-1 + A2-2 = 480,001 → 384,000.8 → 384,000 (cap 710,123: none)
//   F-A-2020 final sent 2021-04-01 12:00:00 → CLAIM_DEADLINE_PASSED: 2020 is never settled and A2-3 never claimed;
//            when the pool closes the tilsagn lapses: 1,000,000 − (289,877 + 384,000) = 326,123 ('pool-closed')
//   paid 249,877 + 40,000 + 384,000 = 673,877 · repaid 0 · lapsed 326,123 · approved 673,877
//
// 461 Odense, tilsagn 666,667
//   O-1 (started 2019-12-06): O1-1 250,000 (2019-12-06) → 2019
//   O-2 (started 2020-04-03): O2-1 400,000 (2020-04-03), O2-2 100,001 (2020-06-15), O2-3 150,000 (2020-06-28,
//        reported 2020-07-20) → 2020
//   F-O-2019 final (2020-02-10, no interim claim): 250,000 → 200,000. Settled: paid 0 → owed 200,000
//   I-O-2020 interim (2020-07-03): 500,001 → 400,000.8 → 400,000 (cap 466,667: none)
//   F-O-2020 final (2021-02-15): 650,001 → 520,000.8 → 520,000, capped by the tilsagn:
//            666,667 − (200,000 + 400,000) + 400,000 = 466,667 → 466,667 approved. Settled: paid 400,000 → owed 66,667.
//            Lapse 666,667 − (200,000 + 466,667) = 0 ('settled')
//   paid 200,000 + 400,000 + 66,667 = 666,667 · repaid 0 · lapsed 0 · approved 666,667
//
// Payout runs (what each pays; every other of the 18 runs is prepared and released with nothing to pay):
//   Jan 2020: 101 480,003 (I-K-2019), 751 249,877 (I-A-2019)            = 729,880
//   Feb 2020: 461 200,000 (F-O-2019)                                     = 200,000
//   Mar 2020: 751 40,000 (F-A-2019); 101 nothing (its 2019 was overpaid) =  40,000
//   Jul 2020: 101 160,000, 751 384,000, 461 400,000 (interim 2020)       = 944,000
//   Feb 2021: 461 66,667 (F-O-2020)                                      =  66,667
//   Mar 2021: 101 440,000 (F-K-2020)                                     = 440,000
//   paid in all 2,420,547; repaid 40,003; paid − repaid = 2,380,544 = approved; approved + lapsed 619,456 = the pool.
// ─────────────────────────────────────────────────────────────────────────────────────────────────────────────────

const POOL_ID = 'mangel-2019-moved';
const POOL_ORE = 3_000_000;
const [KBH, AAR, ODE] = ['101', '751', '461'] as const;
const CODES = [KBH, AAR, ODE];

const CASEWORKER = 'karen.sagsbehandler';
const APPROVER = 'anders.godkender';
const FINANCE = 'fie.finans';
const SECOND_FINANCE = 'finn.finans';

/** What each run pays, by the month (of docs/domain.md's calendar) of its run; the others pay nothing. */
const EXPECTED_RUNS: Record<string, Record<string, number>> = {
  '2020-01': { [KBH]: 480_003, [AAR]: 249_877 },
  '2020-02': { [ODE]: 200_000 },
  '2020-03': { [AAR]: 40_000 },
  '2020-07': { [KBH]: 160_000, [AAR]: 384_000, [ODE]: 400_000 },
  '2021-02': { [ODE]: 66_667 },
  '2021-03': { [KBH]: 440_000 },
};

const EXPECTED_FIGURES = {
  [KBH]: { committedOre: 1_333_333, expensesOre: 1_350_005, claimedRefundOre: 1_080_003, approvedRefundOre: 1_040_000, paidOre: 1_080_003, repaymentDemandedOre: 40_003, repaidOre: 0, lapsedOre: 293_333, remainingCommitmentOre: 293_333 },
  [AAR]: { committedOre: 1_000_000, expensesOre: 862_348, claimedRefundOre: 673_877, approvedRefundOre: 673_877, paidOre: 673_877, repaymentDemandedOre: 0, repaidOre: 0, lapsedOre: 326_123, remainingCommitmentOre: 326_123 },
  [ODE]: { committedOre: 666_667, expensesOre: 900_001, claimedRefundOre: 666_667, approvedRefundOre: 666_667, paidOre: 666_667, repaymentDemandedOre: 0, repaidOre: 0, lapsedOre: 0, remainingCommitmentOre: 0 },
};

/** The labour-market balance of the (moved) half-years 2019H2–2020H2: only the rows the courses need, a test file. */
const balanceCsv = (years: number) => `# source: test
half_year,rar_area,job_title,disco_08,status
${2019 + years}H2,Hovedstaden,Social- og sundhedsassistent,532100,omfattende mangel
${2019 + years}H2,Østjylland,Social- og sundhedsassistent,532100,omfattende mangel
${2019 + years}H2,Fyn,Social- og sundhedsassistent,532100,mangel
${2020 + years}H1,Østjylland,Elektriker,741100,mangel
${2020 + years}H1,Fyn,Tømrer,711500,paradoksproblem
${2020 + years}H2,Hovedstaden,Sygeplejerske,222100,omfattende mangel
`;

const RAR_AREA: Record<string, string> = { [KBH]: 'Hovedstaden', [AAR]: 'Østjylland', [ODE]: 'Fyn' };

/** A course start, its dates in docs/domain.md's calendar. */
interface CourseFacts {
  cpr: string;
  start: IsoDate;
  end: IsoDate;
  employmentStart: IsoDate;
  signedOn: IsoDate;
  jobTitle: string;
  targetGroup?: string;
  unemployedSince?: IsoDate;
}

describe("money calendar: mangelpulje-2019 from opening to close on the time-skipping server (docs/domain.md's dates, moved whole years ahead)", () => {
  let env: TestWorkflowEnvironment;
  let db: FreshDatabase;
  let pg: Pool;
  let store: EventStore;
  let pools: PoolService;
  let commitments: CommitmentService;
  let ledgers: LedgerService;
  let payouts: PayoutService;
  let municipal: MunicipalEventService;
  let worker: Worker;
  let workerRun: Promise<void>;
  let folder: string;
  /** Years docs/domain.md's calendar is moved by (8 in November 2026), and the moved pool. */
  let years: number;
  let definition: PoolDefinition;
  const pendingRuns: IsoDate[] = [];
  const runsDone = new Map<IsoDate, Awaited<ReturnType<PayoutService['describe']>>>();

  beforeAll(async () => {
    Runtime.install({ logger: new DefaultLogger('WARN') });
    env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: temporalTestServerPath() } } });
    years = yearsAhead(new Date(await env.currentTimeMs()));
    definition = shiftedMangelpulje2019(years, { poolId: POOL_ID, commitmentsOre: POOL_ORE });

    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'puljeflow-money-calendar-'));
    db = await createFreshDatabase('money_calendar');
    await runMigrations(db.url);
    pg = new Pool({ connectionString: db.url, max: 10 });
    pg.on('error', () => undefined);
    await importMunicipalities(pg);
    const balance = await importBalance(pg, balanceCsv(years), { importedBy: 'test' });
    expect(balance).toEqual(expect.objectContaining({ ok: true, sample: false }));

    store = new EventStore(pg);
    pools = new PoolService(store);
    commitments = new CommitmentService(store);
    ledgers = new LedgerService(store);
    payouts = new PayoutService(store);
    const vault = new CitizenVault({ pool: pg, pseudonymKey: randomBytes(32), keyEncryptionKey: randomBytes(32) });
    municipal = new MunicipalEventService(store, { vault, hashKey: randomBytes(32) });

    const { createActivities } = appModule<{ createActivities: CreateActivities }>('apps/worker/src/activities');
    const parties: PaymentParties = {
      debtor: { name: 'Styrelsen for Arbejdsmarked og Rekruttering', iban: 'DK5000400440116243' },
      creditorName: (code) => `${municipalityByCode(code)?.name ?? code} Kommune`,
    };
    const port = new Pain001FileAdapter({ folder, initiatingParty: parties.debtor.name });
    worker = await Worker.create({ connection: env.nativeConnection, taskQueue: TASK_QUEUE, workflowsPath, activities: createActivities({ pools, payouts, port, parties }) });
    workerRun = worker.run();
  });

  afterAll(async () => {
    if (worker?.getState() === 'RUNNING') worker.shutdown();
    await workerRun?.catch(() => undefined);
    await env?.teardown();
    await pg?.end();
    await db?.drop();
    if (folder) fs.rmSync(folder, { recursive: true, force: true });
  });

  // ─── docs/domain.md's dates, moved ───

  const day = (date: IsoDate): IsoDate => moveDate(date, years);
  const budgetYear = (year: number): number => year + years;
  /** The run of a month of docs/domain.md's calendar ('2020-01'), as the moved pool has it. */
  const runOf = (month: string): IsoDate => {
    const runDate = definition.calendar.payoutRunDates.find((d) => d.startsWith(day(`${month}-01`).slice(0, 7)));
    if (!runDate) throw new Error(`no payout run in ${month}`);
    return runDate;
  };
  const referenceOf = (code: string, runDate: IsoDate) => `PF-${POOL_ID}-${code}-${runDate.replaceAll('-', '')}`;

  // ─── the clock: the Temporal test server's ───

  const now = async (): Promise<Date> => new Date(await env.currentTimeMs());

  /** Skips the server's clock to an instant (timers before it fire on the way); returns the clock after. */
  async function sleepUntil(instant: Date): Promise<Date> {
    const wait = instant.getTime() - (await env.currentTimeMs());
    if (wait > 0) await env.sleep(wait);
    return now();
  }

  /** On to a Copenhagen wall-clock time of docs/domain.md's calendar, running on the way every payout run whose day comes first. */
  async function until(date: IsoDate, time = '10:00'): Promise<Date> {
    const target = copenhagenInstant(day(date), time);
    while (pendingRuns.length > 0 && copenhagenInstant(pendingRuns[0]!, RUN_TIME) <= target) await payoutRun(pendingRuns.shift()!);
    return sleepUntil(target);
  }

  // ─── finance: a payout run, as the pool's workflow and two finance officers run it ───

  /** The pool's workflow starts each run's workflow at 08:00 on its date; finance prepares and releases it an hour later. */
  const RUN_TIME = '09:00';

  async function payoutRun(runDate: IsoDate): Promise<void> {
    await sleepUntil(copenhagenInstant(runDate, RUN_TIME));
    const handle = env.client.workflow.getHandle(payoutRunWorkflowId(POOL_ID, runDate));
    await eventually(async () => ((await handle.describe()).status.name === 'RUNNING' ? true : undefined), { what: `the workflow of the payout run ${runDate}` });
    ok(await payouts.prepare(POOL_ID, runDate, FINANCE, await now()), `prepare run ${runDate}`);
    if (runsDone.size === 0) {
      // Four-eyes: whoever prepared the run cannot release it.
      expect(reasonCodes(await payouts.release(POOL_ID, runDate, FINANCE, await now()))).toEqual(['FOUR_EYES_REQUIRED']);
    }
    ok(await payouts.release(POOL_ID, runDate, SECOND_FINANCE, await now()), `release run ${runDate}`);
    await handle.signal(runReleasedSignal);
    await within(handle.result(), 60_000, `the payout run ${runDate}`);
    const run = await payouts.describe(POOL_ID, runDate);
    expect(run.status).toBe('completed');
    expect(run.lines.every((line) => line.paidAt !== null)).toBe(true);
    const expected = Object.entries(EXPECTED_RUNS).find(([month]) => runOf(month) === runDate)?.[1] ?? {};
    expect({ runDate, lines: Object.fromEntries(run.lines.map((line) => [line.municipalityCode, line.amountOre])) }).toEqual({ runDate, lines: expected });
    runsDone.set(runDate, run);
  }

  // ─── the municipalities, staff ───

  async function submit(code: string, type: string, data: Record<string, unknown>, at?: Date): Promise<SubmissionResult> {
    const when = at ?? (await now());
    return municipal.submit(code, { eventId: randomUUID(), type: type as never, occurredAt: when.toISOString(), data }, when);
  }

  async function accepted(code: string, type: string, data: Record<string, unknown>): Promise<void> {
    const result = await submit(code, type, data);
    if (result.status !== 'accepted') throw new Error(`${type} from ${code} was not accepted: ${JSON.stringify(result)}`);
  }

  const rejectedWith = async (code: string, type: string, data: Record<string, unknown>): Promise<string[]> => {
    const result = await submit(code, type, data);
    return result.status === 'rejected' ? result.reasons.map((r) => r.code) : [`(${result.status})`];
  };

  const interest = (requestedAmountOre: number, expectedParticipants: number) => ({ poolId: POOL_ID, requestedAmountOre, expectedParticipants, contactEmail: 'jobcenter@example.dk' });

  const courseStarted = (courseId: string, code: string, c: CourseFacts) => ({
    poolId: POOL_ID,
    courseId,
    citizen: { cpr: c.cpr },
    targetGroup: c.targetGroup ?? 'ressourceforloeb',
    ...(c.unemployedSince ? { unemployedSince: day(c.unemployedSince) } : {}),
    employerDeclaration: {
      cvr: '12345678',
      employerName: 'Plejecenter Solgården A/S',
      jobTitle: c.jobTitle,
      rarArea: RAR_AREA[code]!,
      signedOn: day(c.signedOn),
      expectedEmploymentStart: day(c.employmentStart),
      withoutWageSubsidy: true,
    },
    course: { title: `Opkvalificering til ${c.jobTitle}`, provider: 'AMU', category: 'opkvalificering', startDate: day(c.start), endDate: day(c.end), estimatedCostOre: 500_000 },
  });

  const expenseData = (courseId: string, expenseId: string, amountOre: number, incurredOn: IsoDate, category: string) => ({ courseId, expenseId, category, amountOre, incurredOn: day(incurredOn), invoiceRef: `FAK-${expenseId}` });

  const expense = (code: string, courseId: string, expenseId: string, amountOre: number, incurredOn: IsoDate, category = 'kursusafgift') =>
    accepted(code, 'ExpenseIncurred', expenseData(courseId, expenseId, amountOre, incurredOn, category));

  const interimClaim = (code: string, claimId: string, year: number, upTo: IsoDate) =>
    submit(code, 'RefundClaimed', { poolId: POOL_ID, claimId, budgetYear: budgetYear(year), kind: 'interim', upTo: day(upTo) });

  const finalClaim = (code: string, claimId: string, year: number, upTo: IsoDate, at?: Date) =>
    submit(
      code,
      'RefundClaimed',
      {
        poolId: POOL_ID,
        claimId,
        budgetYear: budgetYear(year),
        kind: 'final',
        upTo: day(upTo),
        statement: { signedBy: `Kommunaldirektøren, ${municipalityByCode(code)?.name}`, auditorCertified: true, documentRef: `REV-${claimId}` },
      },
      at,
    );

  /** A caseworker reviews (with any cuts), an approver approves: two people, on the server's clock. */
  async function reviewAndApprove(code: string, claimId: string, cuts: ReviewCut[] = []): Promise<void> {
    ok(await ledgers.review(POOL_ID, code, claimId, cuts, CASEWORKER, await now()), `review ${claimId}`);
    ok(await ledgers.approve(POOL_ID, code, claimId, APPROVER, await now()), `approve ${claimId}`);
  }

  async function claimOf(code: string, claimId: string) {
    const claim = (await ledgerTrace(store, POOL_ID, code)).claims.find((c) => c.claimId === claimId);
    if (!claim) throw new Error(`no claim ${claimId} of ${code}`);
    return claim;
  }

  /** Figures are read as of the wall clock: the event store stamps events with the database's (real) time. */
  const standing = async (code: string) => (await readStanding(store, POOL_ID, code, new Date()))!;

  // ─── the calendar ───

  it("moves docs/domain.md's calendar by whole years, keeping each Copenhagen wall-clock time, with runs on the moved banking days", async () => {
    expect(Date.parse(definition.calendar.openedAt)).toBeGreaterThan(await env.currentTimeMs()); // ahead of the server's clock
    const original = mangelpulje2019.calendar;
    const moved = (iso: string) => `${Number(iso.slice(0, 4)) + years}${iso.slice(4)}`; // same month, day, time and offset
    expect(definition.budgetYears).toEqual([budgetYear(2019), budgetYear(2020)]);
    expect(definition.calendar).toEqual({
      openedAt: moved(original.openedAt),
      interestDeadline: moved(original.interestDeadline),
      commitmentsExpectedBy: moved(original.commitmentsExpectedBy),
      startDeadline: moved(original.startDeadline),
      reportingGraceEnds: moved(original.reportingGraceEnds),
      finalClaimDeadlines: { [budgetYear(2019)]: moved(original.finalClaimDeadlines['2019']!), [budgetYear(2020)]: moved(original.finalClaimDeadlines['2020']!) },
      payoutRunDates: expect.any(Array),
      closesAt: moved(original.closesAt),
    });
    // One run per month of docs/domain.md's runs, moved; each on the month's last banking day.
    const runs = definition.calendar.payoutRunDates;
    expect(runs.map((d) => d.slice(0, 7))).toEqual(original.payoutRunDates.map((d) => moved(d).slice(0, 7)));
    for (const runDate of runs) {
      expect(isBankingDay(runDate)).toBe(true);
      for (let d = addDays(runDate, 1); d.slice(0, 7) === runDate.slice(0, 7); d = addDays(d, 1)) expect([d, isBankingDay(d)]).toEqual([d, false]);
    }
    if (years === 8) {
      // As worked out for today's run: month ends moved by a weekend in Apr, Sep, Dec 2028 and Jun 2029, and by
      // Easter in Mar 2029 (29–30 March are Maundy Thursday and Good Friday, the 31st a Saturday).
      expect(definition.calendar.interestDeadline).toBe('2027-11-29T12:00:00+01:00');
      expect(definition.calendar.finalClaimDeadlines).toEqual({ '2027': '2028-04-01T12:00:00+02:00', '2028': '2029-04-01T12:00:00+02:00' });
      expect(runs).toEqual([
        '2028-01-31', '2028-02-29', '2028-03-31', '2028-04-28', '2028-05-31', '2028-06-30', '2028-07-31', '2028-08-31', '2028-09-29',
        '2028-10-31', '2028-11-30', '2028-12-29', '2029-01-31', '2029-02-28', '2029-03-28', '2029-04-30', '2029-05-31', '2029-06-29',
      ]);
    }
    pendingRuns.push(...runs);
  });

  it('November 2019: opened, three municipalities seek more than the pool, and the workflow allocates pro rata at the deadline', async () => {
    await until('2019-11-08', '09:00');
    expect(await pools.open(definition)).toEqual({ opened: true });
    // As the api starts a pool's workflow (apps/api/src/infrastructure/pool-workflows.ts).
    await appModule<{ startPoolWorkflow: StartPoolWorkflow }>('apps/api/src/infrastructure/pool-workflows').startPoolWorkflow(env.client, definition);

    await until('2019-11-10');
    await accepted(KBH, 'InterestExpressed', interest(2_000_000, 8));
    await accepted(AAR, 'InterestExpressed', interest(1_500_000, 6));
    await accepted(ODE, 'InterestExpressed', interest(800_000, 3));
    await until('2019-11-28');
    await accepted(ODE, 'InterestExpressed', interest(1_000_000, 4)); // revised before the deadline

    await until('2019-11-29', '12:30');
    const allocated = await eventually(async () => {
      const { state } = await loadPool(store, POOL_ID);
      return state.status === 'allocated' ? state.allocation : undefined;
    }, { what: 'the allocation at the interest deadline' });
    expect(Object.fromEntries(allocated.allocations.map((a) => [a.municipalityCode, a.allocatedOre]))).toEqual({ [KBH]: 1_333_333, [AAR]: 1_000_000, [ODE]: 666_667 });
    expect(allocated).toEqual(expect.objectContaining({ poolOre: POOL_ORE, totalRequestedOre: 4_500_000, lapsedOre: 0 }));
    // Interest after the deadline changes nothing.
    expect(await rejectedWith(KBH, 'InterestExpressed', interest(2_500_000, 9))).toEqual(['INTEREST_WINDOW_CLOSED']);
  });

  it('December 2019: tilsagn prepared and issued by two people, courses start, expenses booked to 2019, a benefit refused', async () => {
    await until('2019-12-02');
    for (const code of CODES) {
      ok(await commitments.prepare({ poolId: POOL_ID, municipalityCode: code, by: CASEWORKER, at: await now() }), `prepare tilsagn ${code}`);
      ok(await commitments.approve({ poolId: POOL_ID, municipalityCode: code, by: APPROVER, at: await now() }), `issue tilsagn ${code}`);
    }
    for (const code of CODES) expect((await standing(code)).committedOre).toBe(EXPECTED_FIGURES[code].committedOre);

    await until('2019-12-06', '09:00');
    const winterCourse = { start: '2019-12-06', end: '2020-02-25', employmentStart: '2020-03-01', signedOn: '2019-12-02', jobTitle: 'Social- og sundhedsassistent' };
    await accepted(KBH, 'CourseStarted', courseStarted('K-1', KBH, { cpr: '0101901234', ...winterCourse }));
    await accepted(AAR, 'CourseStarted', courseStarted('A-1', AAR, { cpr: '1502853456', ...winterCourse }));
    await accepted(ODE, 'CourseStarted', courseStarted('O-1', ODE, { cpr: '3112795678', ...winterCourse }));
    await expense(KBH, 'K-1', 'K1-1', 500_001, '2019-12-06');
    await expense(AAR, 'A-1', 'A1-1', 300_000, '2019-12-06');
    await expense(ODE, 'O-1', 'O1-1', 250_000, '2019-12-06');

    await until('2019-12-20');
    await expense(KBH, 'K-1', 'K1-2', 100_003, '2019-12-10', 'materialer');
    await expense(AAR, 'A-1', 'A1-2', 12_347, '2019-12-20', 'transport');
    expect(await rejectedWith(AAR, 'ExpenseIncurred', expenseData('A-1', 'A1-X', 30_000, '2019-12-20', 'ydelse'))).toEqual(['EXPENSE_NOT_REFUNDABLE']);
  });

  it('January–March 2020: interim claims paid by the January run; the final claims for 2019 settle, one cut below what was paid', async () => {
    await until('2020-01-05');
    expect((await interimClaim(KBH, 'I-K-2019', 2019, '2019-12-31')).status).toBe('accepted');
    expect((await interimClaim(AAR, 'I-A-2019', 2019, '2019-12-31')).status).toBe('accepted');
    expect((await claimOf(KBH, 'I-K-2019')).claimedRefundOre).toBe(480_003);
    expect((await claimOf(AAR, 'I-A-2019')).claimedRefundOre).toBe(249_877);
    await until('2020-01-10');
    await reviewAndApprove(KBH, 'I-K-2019');
    await reviewAndApprove(AAR, 'I-A-2019');

    await until('2020-01-20');
    await expense(AAR, 'A-1', 'A1-3', 50_000, '2019-12-28', 'materialer'); // reported after the interim claim
    await expense(KBH, 'K-1', 'K1-3', 200_000, '2020-01-20'); // a course of 2019, an expense of 2020: books to 2020

    // (the January run: 101 480,003, 751 249,877)
    await until('2020-02-10');
    expect((await finalClaim(ODE, 'F-O-2019', 2019, '2019-12-31')).status).toBe('accepted');
    await until('2020-02-20');
    await reviewAndApprove(ODE, 'F-O-2019');
    expect((await ledgerTrace(store, POOL_ID, ODE)).settlements).toEqual([expect.objectContaining({ budgetYear: budgetYear(2019), approvedRefundOre: 200_000, paidOre: 0, owedOre: 200_000 })]);

    // (the February run: 461 200,000)
    await until('2020-03-01');
    expect((await finalClaim(KBH, 'F-K-2019', 2019, '2019-12-31')).status).toBe('accepted');
    expect((await claimOf(KBH, 'F-K-2019')).claimedRefundOre).toBe(480_003);

    await until('2020-03-06', '09:00');
    await accepted(AAR, 'CourseStarted', courseStarted('A-2', AAR, {
      cpr: '0205881122', start: '2020-03-06', end: '2020-05-31', employmentStart: '2020-06-01', signedOn: '2020-02-15', jobTitle: 'Elektriker',
      targetGroup: 'dagpenge', unemployedSince: '2019-10-01',
    }));
    await expense(AAR, 'A-2', 'A2-1', 400_000, '2020-03-06');

    await until('2020-03-10');
    await reviewAndApprove(KBH, 'F-K-2019', [{ courseId: 'K-1', expenseId: 'K1-2', approvedOre: 50_000, reason: 'Materialer kun delvist dokumenteret' }]);
    const kbh = await ledgerTrace(store, POOL_ID, KBH);
    expect(kbh.settlements).toEqual([expect.objectContaining({ budgetYear: budgetYear(2019), claimId: 'F-K-2019', approvedRefundOre: 440_000, paidOre: 480_003, owedOre: 0, repaymentOre: 40_003 })]);
    expect(kbh.repaymentDemands).toEqual([expect.objectContaining({ budgetYear: budgetYear(2019), claimId: 'F-K-2019', amountOre: 40_003 })]);

    await until('2020-03-15');
    expect((await finalClaim(AAR, 'F-A-2019', 2019, '2019-12-31')).status).toBe('accepted');
    await until('2020-03-20');
    await reviewAndApprove(AAR, 'F-A-2019');
    expect((await ledgerTrace(store, POOL_ID, AAR)).settlements).toEqual([expect.objectContaining({ budgetYear: budgetYear(2019), approvedRefundOre: 289_877, paidOre: 249_877, owedOre: 40_000, repaymentOre: 0 })]);
  });

  it('April–November 2020: courses of 2020, interim claims paid by the July run, a course started in November', async () => {
    // (the March run: 751 40,000; nothing to 101, whose 2019 was paid beyond its settlement)
    await until('2020-04-03', '09:00');
    await accepted(ODE, 'CourseStarted', courseStarted('O-2', ODE, { cpr: '1707923344', start: '2020-04-03', end: '2020-06-30', employmentStart: '2020-07-01', signedOn: '2020-03-10', jobTitle: 'Tømrer' }));
    await expense(ODE, 'O-2', 'O2-1', 400_000, '2020-04-03');
    await until('2020-05-15');
    await expense(AAR, 'A-2', 'A2-2', 80_001, '2020-05-15', 'vejledning');
    await until('2020-06-15');
    await expense(ODE, 'O-2', 'O2-2', 100_001, '2020-06-15', 'materialer');

    const interims = [[KBH, 'I-K-2020', 160_000], [AAR, 'I-A-2020', 384_000], [ODE, 'I-O-2020', 400_000]] as const;
    await until('2020-07-03');
    for (const [code, claimId, refund] of interims) {
      expect((await interimClaim(code, claimId, 2020, '2020-06-30')).status).toBe('accepted');
      expect((await claimOf(code, claimId)).claimedRefundOre).toBe(refund);
    }
    await until('2020-07-10');
    for (const [code, claimId] of interims) await reviewAndApprove(code, claimId);
    await until('2020-07-20');
    await expense(ODE, 'O-2', 'O2-3', 150_000, '2020-06-28', 'vejledning');
    await expense(AAR, 'A-2', 'A2-3', 20_000, '2020-05-31', 'materialer');

    // (the July run: 101 160,000, 751 384,000, 461 400,000)
    await until('2020-11-06', '09:00');
    expect(runsDone.has(runOf('2020-07'))).toBe(true);
    await accepted(KBH, 'CourseStarted', courseStarted('K-2', KBH, { cpr: '2809754455', start: '2020-11-06', end: '2021-01-31', employmentStart: '2021-02-01', signedOn: '2020-10-20', jobTitle: 'Sygeplejerske' }));
    await expense(KBH, 'K-2', 'K2-1', 400_000, '2020-11-06');
  });

  it('winter 2020/21: the workflow closes starts and ends the grace on time; run-off into 2021 books to 2020', async () => {
    const summary = async () => (await readPoolSummary(store, POOL_ID, new Date()))!;
    const recordedOnTime = (recorded: string | null, deadline: string) => {
      // Recorded by the pool's workflow at the deadline on the server's clock: not before it, and the same day.
      expect(recorded).not.toBeNull();
      expect(Date.parse(recorded!) - Date.parse(deadline)).toBeGreaterThanOrEqual(0);
      expect(Date.parse(recorded!) - Date.parse(deadline)).toBeLessThan(24 * 3600_000);
    };
    await until('2021-01-10');
    recordedOnTime((await summary()).startsClosedAt, definition.calendar.startDeadline);
    // In the grace a start dated before the deadline is still taken…
    await accepted(KBH, 'CourseStarted', courseStarted('K-3', KBH, { cpr: '1104886677', start: '2020-12-15', end: '2021-02-28', employmentStart: '2021-03-01', signedOn: '2020-12-01', jobTitle: 'Sygeplejerske' }));
    await until('2021-01-15');
    await expense(KBH, 'K-2', 'K2-2', 150_001, '2021-01-15', 'vejledning'); // course K-2 started in the last budget year

    await until('2021-02-05');
    recordedOnTime((await summary()).graceEndedAt, definition.calendar.reportingGraceEnds);
    // …after it, none.
    const late = courseStarted('K-4', KBH, { cpr: '0903917788', start: '2020-12-20', end: '2021-03-15', employmentStart: '2021-03-20', signedOn: '2020-12-01', jobTitle: 'Sygeplejerske' });
    expect(await rejectedWith(KBH, 'CourseStarted', late)).toEqual(['POOL_CLOSED_FOR_STARTS']);
  });

  it('February–March 2021: the final claims for 2020 on time settle the year, one capped by the tilsagn, and the rest lapses', async () => {
    await until('2021-02-15');
    expect((await finalClaim(ODE, 'F-O-2020', 2020, '2020-12-31')).status).toBe('accepted');
    expect(await claimOf(ODE, 'F-O-2020')).toEqual(expect.objectContaining({ claimedRefundOre: 466_667 })); // 520,000 capped
    await until('2021-02-20');
    await reviewAndApprove(ODE, 'F-O-2020');
    const ode = await ledgerTrace(store, POOL_ID, ODE);
    expect(ode.settlements[1]).toEqual(expect.objectContaining({ budgetYear: budgetYear(2020), approvedRefundOre: 466_667, paidOre: 400_000, owedOre: 66_667, repaymentOre: 0 }));
    expect(ode.lapse).toEqual(expect.objectContaining({ commitmentOre: 666_667, approvedRefundOre: 666_667, lapsedOre: 0, reason: 'settled' }));

    // (the February run: 461 66,667)
    await until('2021-03-01');
    expect((await finalClaim(KBH, 'F-K-2020', 2020, '2021-01-31')).status).toBe('accepted');
    const claim = await claimOf(KBH, 'F-K-2020');
    expect(claim.claimedRefundOre).toBe(600_000);
    expect(claim.expenses.map((e) => e.expenseId)).toEqual(['K1-3', 'K2-1', 'K2-2']); // K2-2 of 2021 is the run-off of 2020
    await until('2021-03-10');
    await reviewAndApprove(KBH, 'F-K-2020');
    const kbh = await ledgerTrace(store, POOL_ID, KBH);
    expect(kbh.settlements[1]).toEqual(expect.objectContaining({ budgetYear: budgetYear(2020), approvedRefundOre: 600_000, paidOre: 160_000, owedOre: 440_000, repaymentOre: 0 }));
    expect(kbh.lapse).toEqual(expect.objectContaining({ commitmentOre: 1_333_333, approvedRefundOre: 1_040_000, lapsedOre: 293_333, reason: 'settled' }));
  });

  it('1 April 2021 at 12:00:00 Copenhagen: the final claim for 2020 is late (CLAIM_DEADLINE_PASSED) and nothing is recorded', async () => {
    // (the March run: 101 440,000)
    await until('2021-03-31', '12:00');
    const deadline = Date.parse(definition.calendar.finalClaimDeadlines[String(budgetYear(2020))]!);
    const at = await sleepUntil(new Date(deadline));
    expect(at.getTime() - deadline).toBeGreaterThanOrEqual(0);
    expect(at.getTime() - deadline).toBeLessThan(1000); // 12:00:00 on the server's clock
    const late = await finalClaim(AAR, 'F-A-2020', 2020, '2020-12-31', at);
    expect(late.status === 'rejected' ? late.reasons.map((r) => r.code) : late).toEqual(['CLAIM_DEADLINE_PASSED']);
    expect((await ledgerTrace(store, POOL_ID, AAR)).claims.map((c) => c.claimId)).toEqual(['I-A-2019', 'F-A-2019', 'I-A-2020']);
    expect((await standing(AAR)).lapsedOre).toBe(0); // open until the pool closes
  });

  it('June 2021: the last runs, then at its closing instant the workflow closes the pool and the late tilsagn lapses', async () => {
    const closesAt = Date.parse(definition.calendar.closesAt);
    await until('2021-06-30', '12:00');
    expect(pendingRuns).toEqual([]);
    expect([...runsDone.keys()]).toEqual(definition.calendar.payoutRunDates);
    await sleepUntil(new Date(closesAt + 3600_000));
    await within(env.client.workflow.getHandle(poolWorkflowId(POOL_ID)).result(), 60_000, 'the pool workflow');
    const aar = await ledgerTrace(store, POOL_ID, AAR);
    expect(aar.status).toBe('closed');
    expect(aar.lapse).toEqual(expect.objectContaining({ commitmentOre: 1_000_000, approvedRefundOre: 673_877, lapsedOre: 326_123, reason: 'pool-closed' }));
    expect(aar.lapse!.lapsedAt.getTime()).toBeGreaterThanOrEqual(closesAt);
  });

  it("ends with every municipality's paid, repaid and lapsed amounts as computed by hand", async () => {
    for (const code of CODES) {
      const s = await standing(code);
      // The trace (payments → claims → expenses → courses) says the same; it alone names the repayment demanded.
      const trace = await ledgerTrace(store, POOL_ID, code);
      const figures = { committedOre: s.committedOre, expensesOre: s.expensesOre, claimedRefundOre: s.claimedRefundOre, approvedRefundOre: s.approvedRefundOre, paidOre: s.paidOre, repaymentDemandedOre: trace.figures.repaymentDemandedOre, repaidOre: s.repaidOre, lapsedOre: s.lapsedOre, remainingCommitmentOre: s.remainingCommitmentOre };
      expect({ code, ...figures }).toEqual({ code, ...EXPECTED_FIGURES[code] });
      expect(trace.status).toBe('closed');
      expect(trace.figures).toEqual(expect.objectContaining({ paidOre: s.paidOre, repaidOre: s.repaidOre, lapsedOre: s.lapsedOre }));
      for (const claim of trace.claims) for (const e of claim.expenses) expect(e.course?.employerDeclaration.rarArea).toBe(RAR_AREA[code]);
    }
    const sum = (pick: (f: (typeof EXPECTED_FIGURES)[typeof KBH]) => number) => CODES.reduce((total, code) => total + pick(EXPECTED_FIGURES[code]), 0);
    expect(sum((f) => f.paidOre)).toBe(2_420_547);
    // Demanded back, not yet received: no receipt is recorded here, so the paid amount stands above the approved one by the demand.
    expect(sum((f) => f.repaymentDemandedOre)).toBe(40_003);
    expect(sum((f) => f.repaidOre)).toBe(0);
    expect(sum((f) => f.paidOre) - sum((f) => f.repaymentDemandedOre)).toBeLessThanOrEqual(sum((f) => f.approvedRefundOre));
    expect(sum((f) => f.approvedRefundOre) + sum((f) => f.lapsedOre)).toBe(POOL_ORE);

    // No payment twice: one payment per reference in the ledgers and in the payments table, each the run's line.
    const expectedByReference = Object.fromEntries(
      Object.entries(EXPECTED_RUNS).flatMap(([month, lines]) => Object.entries(lines).map(([code, amountOre]) => [referenceOf(code, runOf(month)), amountOre])),
    );
    const ledgerPayments = (await Promise.all(CODES.map((code) => ledgerTrace(store, POOL_ID, code)))).flatMap((t) => t.payments);
    const references = ledgerPayments.map((p) => p.reference);
    expect(references).toHaveLength(9);
    expect(new Set(references).size).toBe(references.length);
    expect(Object.fromEntries(ledgerPayments.map((p) => [p.reference, p.amountOre]))).toEqual(expectedByReference);
    const { rows } = await pg.query<{ reference: string; amount_ore: string }>('SELECT reference, amount_ore FROM payments WHERE pool_id = $1', [POOL_ID]);
    expect(rows).toHaveLength(9);
    expect(Object.fromEntries(rows.map((r) => [r.reference, Number(r.amount_ore)]))).toEqual(expectedByReference);
  });

  it('wrote each payment once to the pain.001 file of its run, with the correct sums', () => {
    const months = Object.keys(EXPECTED_RUNS);
    const files = fs.readdirSync(folder).filter((f) => f.endsWith('.pain001.xml')).sort();
    expect(files).toEqual(months.map((month) => `${POOL_ID}_${runOf(month)}.pain001.xml`));
    const seen: string[] = [];
    for (const month of months) {
      const runDate = runOf(month);
      // The file's own counts and control sums are checked against its transactions as it is read.
      const message = readPain001Run(fs.readFileSync(path.join(folder, `${POOL_ID}_${runDate}.pain001.xml`), 'utf8'));
      const lines = EXPECTED_RUNS[month]!;
      expect(message.requestedExecutionDate).toBe(runDate);
      expect(Object.fromEntries(message.transactions.map((t) => [t.reference, t.amountOre]))).toEqual(
        Object.fromEntries(Object.entries(lines).map(([code, amountOre]) => [referenceOf(code, runDate), amountOre])),
      );
      expect(message.transactions.map((t) => t.creditor).sort()).toEqual(Object.keys(lines).map((code) => `${municipalityByCode(code)!.name} Kommune`).sort());
      seen.push(...message.transactions.map((t) => t.reference));
    }
    expect(seen).toHaveLength(9);
    expect(new Set(seen).size).toBe(seen.length);
  });
});

function ok(outcome: Outcome, what: string): void {
  if (!outcome.ok) throw new Error(`${what} was refused: ${outcome.reasons.map((r) => `${r.code}: ${r.message}`).join('; ')}`);
}

function reasonCodes(outcome: Outcome): string[] {
  return outcome.ok ? [] : outcome.reasons.map((r) => r.code);
}
