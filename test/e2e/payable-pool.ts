// A pool with refunds approved and payout runs prepared, set up in this process through the application services (so
// every decision is the domain's) on the test system's database. Each service takes its time as an argument, so the
// pool lives on the calendar of mangelpulje-2019. A present-day pool (TestSystem.presentDayPool) cannot get this far:
// its budget years keep the labels 2019 and 2020, so an expense incurred today books to none (OUTSIDE_BUDGET_YEARS).

import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { CommitmentService, LedgerService, MunicipalEventService, PayoutService, PoolService, submissionHashKey, type Outcome } from '@puljeflow/application';
import type { MunicipalEventEnvelope } from '@puljeflow/contracts';
import { addDays, copenhagenInstant, mangelpulje2019, type PoolDefinition } from '@puljeflow/domain';
import { EventStore } from '@puljeflow/event-store';
import { CitizenVault, loadVaultKeys } from '@puljeflow/personal-data';
import { importBalance, importMunicipalities, MUNICIPALITIES } from '@puljeflow/reference-data';

export interface PayoutLineExpected {
  municipalityCode: string;
  amountOre: number;
}

export interface PreparedRun {
  runDate: string;
  /** The run's lines as the payout service prepared them: payment reference, municipality, amount. */
  lines: { reference: string; municipalityCode: string; amountOre: number }[];
  totalOre: number;
}

export interface PayablePool {
  poolId: string;
  definition: PoolDefinition;
  municipalities: string[];
  /** Prepared by one finance officer, in run-date order; `release` has a second one release it. */
  runs: PreparedRun[];
  release(runDate: string): Promise<void>;
  /** What each run should pay each municipality, worked out here from the expenses reported: 80 %, rounded down. */
  expected: Map<string, PayoutLineExpected[]>;
}

const BALANCE_CSV = [
  '# source: test',
  'half_year,rar_area,job_title,disco_08,status',
  '2019H2,Hovedstaden,Social- og sundhedsassistent,532100,mangel',
  '',
].join('\n');

/** A fictitious CPR number per municipality (born 1 Jan 1985; the 7th digit 1 says the 1900s). */
const cprOf = (index: number) => `010185${String(1000 + index)}`;

/** Each municipality's expense for a run: distinct amounts, some with odd øre so that 80 % must round down. */
const expenseOre = (index: number, run: number) => 400_000 + index * 1_013 + run * 37;

function expectOk(outcome: Outcome, what: string): void {
  if (!outcome.ok) throw new Error(`${what}: ${outcome.reasons.map((r) => `${r.code} ${r.message}`).join('; ')}`);
}

/** Runs `work` for each item, at most `limit` at a time (each municipality's streams are its own). */
async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      await work(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

/**
 * Opens `poolId` with the rules and calendar of mangelpulje-2019; `municipalities` municipalities express interest,
 * are allocated what they asked and given a commitment (prepared and approved by two people); each starts a course that
 * meets every rule. Then for each of the first `runs` payout run dates: each municipality reports an expense and claims
 * its refund, a caseworker reviews and an approver approves it, and a finance officer prepares the run (a second one
 * releases it with `release`).
 */
export async function payablePool(pool: Pool, vaultEnv: Record<string, string>, options: { poolId: string; municipalities: number; runs: number }): Promise<PayablePool> {
  const { poolId } = options;
  await importMunicipalities(pool);
  const balance = await importBalance(pool, BALANCE_CSV, { importedBy: 'test' });
  if (!balance.ok) throw new Error(`balance import: ${JSON.stringify(balance.errors)}`);

  const store = new EventStore(pool);
  const keys = loadVaultKeys(vaultEnv);
  const events = new MunicipalEventService(store, { vault: new CitizenVault({ pool, ...keys }), hashKey: submissionHashKey(keys.pseudonymKey) });
  const pools = new PoolService(store);
  const commitments = new CommitmentService(store);
  const ledgers = new LedgerService(store);
  const payouts = new PayoutService(store);

  const submit = async (code: string, type: MunicipalEventEnvelope['type'], data: Record<string, unknown>, at: Date) => {
    const result = await events.submit(code, { eventId: randomUUID(), type, occurredAt: at.toISOString(), data }, at);
    if (result.status !== 'accepted') throw new Error(`${type} of ${code}: ${JSON.stringify(result)}`);
  };

  const definition: PoolDefinition = { ...mangelpulje2019, poolId, name: `Crash test: ${mangelpulje2019.name}` };
  if (!(await pools.open(definition)).opened) throw new Error(`pool ${poolId} was open already`);
  const codes = MUNICIPALITIES.map((m) => m.code).slice(0, options.municipalities);
  if (codes.length < options.municipalities) throw new Error(`only ${codes.length} municipalities`);

  // One at a time: every expression of interest is decided on the pool's one stream.
  await eachLimited(codes, 1, (code) =>
    submit(code, 'InterestExpressed', { poolId, requestedAmountOre: 10_000_000, expectedParticipants: 1, contactEmail: `jobcenter-${code}@example.dk` }, copenhagenInstant('2019-11-20', '10:00')),
  );
  const allocation = await pools.allocate(poolId, copenhagenInstant('2019-11-29', '12:00'));
  if (allocation.outcome !== 'allocated') throw new Error(`allocation: ${allocation.outcome}`);

  const courseStart = copenhagenInstant('2020-01-06', '09:00');
  await eachLimited(codes, 8, async (code, index) => {
    expectOk(await commitments.prepare({ poolId, municipalityCode: code, by: 'karen.sagsbehandler', at: copenhagenInstant('2019-12-02', '10:00') }), `commitment of ${code}`);
    expectOk(await commitments.approve({ poolId, municipalityCode: code, by: 'anders.godkender', at: copenhagenInstant('2019-12-03', '10:00') }), `issuing commitment of ${code}`);
    await submit(
      code,
      'CourseStarted',
      {
        poolId,
        courseId: `K-${code}`,
        citizen: { cpr: cprOf(index) },
        targetGroup: 'ressourceforloeb',
        employerDeclaration: {
          cvr: '12345678',
          employerName: 'Plejehjemmet Solgården',
          jobTitle: 'Social- og sundhedsassistent',
          rarArea: 'Hovedstaden',
          signedOn: '2019-12-16',
          expectedEmploymentStart: '2020-04-01',
          withoutWageSubsidy: true,
        },
        course: { title: 'Hygiejne og forflytning', provider: 'AMU Hovedstaden', category: 'opkvalificering', startDate: '2020-01-06', endDate: '2020-03-27', estimatedCostOre: 5_000_000 },
      },
      courseStart,
    );
  });

  const runDates = definition.calendar.payoutRunDates.slice(0, options.runs);
  if (runDates.length < options.runs) throw new Error(`the pool has only ${runDates.length} run dates`);
  const runs: PreparedRun[] = [];
  const expected = new Map<string, PayoutLineExpected[]>();
  for (const [run, runDate] of runDates.entries()) {
    const incurredOn = addDays(runDate, -10);
    await eachLimited(codes, 8, async (code, index) => {
      await submit(code, 'ExpenseIncurred', { courseId: `K-${code}`, expenseId: `E-${run + 1}`, category: 'kursusafgift', amountOre: expenseOre(index, run), incurredOn, invoiceRef: `INV-${code}-${run + 1}` }, copenhagenInstant(addDays(runDate, -9), '10:00'));
      await submit(code, 'RefundClaimed', { poolId, claimId: `R-${run + 1}`, budgetYear: 2020, kind: 'interim', upTo: incurredOn }, copenhagenInstant(addDays(runDate, -8), '10:00'));
      expectOk(await ledgers.review(poolId, code, `R-${run + 1}`, [], 'karen.sagsbehandler', copenhagenInstant(addDays(runDate, -5), '10:00')), `review of ${code} R-${run + 1}`);
      expectOk(await ledgers.approve(poolId, code, `R-${run + 1}`, 'anders.godkender', copenhagenInstant(addDays(runDate, -4), '10:00')), `approval of ${code} R-${run + 1}`);
    });
    expected.set(
      runDate,
      codes.map((code, index) => ({ municipalityCode: code, amountOre: Math.floor((expenseOre(index, run) * 8) / 10) })),
    );
    expectOk(await payouts.prepare(poolId, runDate, 'fie.finans', copenhagenInstant(runDate, '08:00')), `preparing run ${runDate}`);
    const described = await payouts.describe(poolId, runDate);
    runs.push({
      runDate,
      lines: described.lines.map((l: { reference: string; municipalityCode: string; amountOre: number }) => ({ reference: l.reference, municipalityCode: l.municipalityCode, amountOre: l.amountOre })),
      totalOre: described.totalOre,
    });
  }
  const release = async (runDate: string) =>
    expectOk(await payouts.release(poolId, runDate, 'finn.finans', copenhagenInstant(runDate, '09:00')), `releasing run ${runDate}`);
  return { poolId, definition, municipalities: codes, runs, expected, release };
}
