import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'pg';
import { convert, create } from 'xmlbuilder2';
import { oreToAmount, Pain001FileAdapter } from '@puljeflow/payments';
import { eventually } from '@puljeflow/test-support';
import { payoutRunWorkflowId, runReleasedSignal, TASK_QUEUE } from '@puljeflow/workflows';
import { TestSystem } from '../system/system';
import { payablePool, type PayablePool, type PreparedRun } from './payable-pool';

jest.setTimeout(300_000);

/** Kills that must cut a payment (a running payLine activity) short; CRASH_KILLS=3 for a quick run while working on it. */
const KILLS = Number(process.env.CRASH_KILLS ?? 20);
/** Worker processes kept running; the one paying is killed and replaced. */
const WORKERS = 2;
const MUNICIPALITIES = 40;
/** Runs prepared in advance; the test pays them one after another until it has killed the worker KILLS times. */
const RUNS = 8;
/** How long the workers pay, once a line has been paid, before the next payLine that runs is cut short. */
const KILL_AFTER_MS = { min: 50, max: 1500 };
/** A payLine takes some tens of milliseconds; the kill comes up to this much after it is seen running. */
const PAYLINE_MS = 15;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const runKeyOf = (poolId: string, runDate: string) => `${poolId}_${runDate}`;

interface Pain001File {
  nbOfTxs: string[];
  ctrlSum: string[];
  requestedExecutionDate: string;
  transactions: { endToEndId: string; amountOre: number }[];
}

const toOre = (amount: string): number => {
  const m = /^(0|[1-9]\d*)\.(\d{2})$/.exec(amount);
  if (!m) throw new Error(`not an amount with two decimals: ${amount}`);
  return Number(m[1]) * 100 + Number(m[2]);
};

/** Reads a run's pain.001 file, after checking that it is one whole, well-formed document: xmlbuilder2 (which wrote
 * it) must serialise what it parses back to the very same text; a cut or broken file is refused or comes back mended. */
function readPain001(xml: string): Pain001File {
  expect(create(xml).end({ prettyPrint: true })).toBe(xml);
  const message = (convert(xml, { format: 'object' }) as any).Document.CstmrCdtTrfInitn;
  const { GrpHdr: header, PmtInf: info } = message;
  return {
    nbOfTxs: [header.NbOfTxs, info.NbOfTxs],
    ctrlSum: [header.CtrlSum, info.CtrlSum],
    requestedExecutionDate: info.ReqdExctnDt.Dt,
    transactions: [info.CdtTrfTxInf].flat().map((tx: any) => ({ endToEndId: tx.PmtId.EndToEndId, amountOre: toOre(tx.Amt.InstdAmt['#']) })),
  };
}

interface Kill {
  /** When, from the first run's start. */
  atMs: number;
  worker: string;
  runDate: string;
  afterMs: number;
  /** The victim was running the run's payLine, and it was still unfinished when the victim was gone. */
  interruptedPayLine: boolean;
  /** Lines of the run recorded paid (the `payments` table) once the worker was dead, of `lines`. */
  paid: number;
  lines: number;
  /** Payments the pain.001 journal holds but the database does not: the worker died between sending and recording. */
  sentNotRecorded: number;
}

/**
 * "The worker process is killed (SIGKILL) at random points of a payout run, 20 times; every municipality is
 * paid exactly once per run and the pain.001 files hold no duplicate reference." Released payout runs of 40
 * municipalities are paid one after another by two worker processes. At a random moment the worker running the
 * current `payLine` is SIGKILLed and a new one started; its payment is retried on a live worker after the heartbeat
 * timeout (5 s). This goes on until 20 kills have cut a `payLine` short; then the ledger, the `payments` table and the
 * pain.001 files are checked against the runs' lines.
 */
describe('payout runs, the worker SIGKILLed at random points', () => {
  let sys: TestSystem;
  let db: Pool;
  let folder: string;
  let fixture: PayablePool;

  beforeAll(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), 'puljeflow-payout-crash-'));
    const noStickyQueue = `--require ${path.join(__dirname, 'non-sticky-worker.js')}`;
    sys = await TestSystem.start({ apis: 0, workers: 0, workerEnv: { PAYMENT_FILES_DIR: folder, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} ${noStickyQueue}`.trim() } });
    db = new Pool({ connectionString: sys.db.url, max: 10 });
    db.on('error', () => undefined);
  });

  afterAll(async () => {
    await db?.end();
    await sys?.stop();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  const paidOf = async (run: PreparedRun): Promise<number> =>
    (await sys.pool.query('SELECT count(*)::int AS n FROM payments WHERE pool_id = $1 AND run_date = $2', [fixture.poolId, run.runDate])).rows[0].n;
  const paidInPool = async (): Promise<number> => (await sys.pool.query('SELECT count(*)::int AS n FROM payments WHERE pool_id = $1', [fixture.poolId])).rows[0].n;
  const handleOf = (run: PreparedRun) => sys.temporal.client.workflow.getHandle(payoutRunWorkflowId(fixture.poolId, run.runDate));

  /** What a test that times out should show: the run workflows' pending activities and history, and the workers' output. */
  async function diagnosis(runs: PreparedRun[], workers: string[]): Promise<string> {
    const pending = await Promise.all(
      runs.map(async (run) => ({
        runDate: run.runDate,
        ...(await handleOf(run)
          .describe()
          .then(
            (d) => ({ status: d.status.name, pending: d.raw.pendingActivities, pendingWorkflowTask: d.raw.pendingWorkflowTask }),
            (e) => ({ error: String(e) }),
          )),
        // Event types by number (temporal.api.enums.v1.EventType): 5-7 workflow task scheduled/started/completed,
        // 10-12 activity task scheduled/started/completed.
        history: await handleOf(run)
          .fetchHistory()
          .then((h) => (h.events ?? []).slice(-40).map((e) => `${e.eventId} ${String(e.eventTime?.seconds)} ${String(e.eventType)}`)),
      })),
    );
    return [JSON.stringify(pending, null, 1).slice(0, 12000), ...workers.map((w) => `--- ${w} ---\n${sys.output(w).slice(-3000)}`)].join('\n');
  }

  it('pays every municipality exactly once per run, and no pain.001 file holds a reference twice', async () => {
    const started = Date.now();
    fixture = await payablePool(db, sys.vaultEnv, { poolId: 'crash-pool', municipalities: MUNICIPALITIES, runs: RUNS });
    const setupMs = Date.now() - started;
    const { poolId } = fixture;
    const adapter = new Pain001FileAdapter({ folder });
    for (const run of fixture.runs) {
      const byCode = (a: { municipalityCode: string }, b: { municipalityCode: string }) => a.municipalityCode.localeCompare(b.municipalityCode);
      expect(run.lines.map(({ municipalityCode, amountOre }) => ({ municipalityCode, amountOre })).sort(byCode)).toEqual([...fixture.expected.get(run.runDate)!].sort(byCode));
    }

    // As the pool workflow does on the run date: the run's workflow starts and waits; finance releases; the api signals.
    const startedRuns: PreparedRun[] = [];
    const startNextRun = async (): Promise<PreparedRun> => {
      const run = fixture.runs[startedRuns.length];
      if (!run) throw new Error(`all ${RUNS} runs were paid before ${KILLS} kills had cut a payLine short: prepare more runs or lines`);
      startedRuns.push(run);
      const handle = await sys.temporal.client.workflow.start('payoutRunWorkflow', { taskQueue: TASK_QUEUE, workflowId: payoutRunWorkflowId(poolId, run.runDate), args: [{ poolId, runDate: run.runDate }] });
      await fixture.release(run.runDate);
      await handle.signal(runReleasedSignal);
      return run;
    };

    // Two worker processes share the task queue. At a random moment after a line has been paid, the one running the
    // run's current payLine (Temporal names it by its identity, `<pid>@<host>`) is killed, and a new one started.
    const live: string[] = [];
    let starting = 0;
    const topUpWorkers = () =>
      Promise.all(
        Array.from({ length: WORKERS - live.length - starting }, async () => {
          starting += 1;
          const name = await sys.startWorker().finally(() => (starting -= 1));
          live.push(name);
        }),
      );
    const payLineOf = async (paying: PreparedRun) => {
      const pending = (await handleOf(paying).describe()).raw.pendingActivities ?? [];
      const activity = pending.find((a) => a.activityType?.name === 'payLine');
      const pid = Number(activity?.lastWorkerIdentity?.split('@')[0]);
      return activity ? { id: `${activity.activityId}#${activity.attempt}`, worker: live.find((name) => sys.pidOf(name) === pid) } : undefined;
    };

    const kills: Kill[] = [];
    const interrupted = () => kills.filter((k) => k.interruptedPayLine && k.paid < k.lines).length;
    let run = await startNextRun();
    const killStarted = Date.now();
    await topUpWorkers();
    let paidBefore = 0;
    let replacing: Promise<unknown> = Promise.resolve();
    while (interrupted() < KILLS) {
      // The payment a victim was making comes to a live worker after the heartbeat timeout; the next kill waits for
      // a line to be paid after it.
      await eventually(async () => ((await paidInPool()) > paidBefore ? true : undefined), { timeoutMs: 60_000, intervalMs: 20, what: 'a line to be paid' }).catch(async (error) => {
        throw new Error(`${String(error)}\n${await diagnosis(startedRuns, live)}`);
      });
      const afterMs = Math.round(KILL_AFTER_MS.min + Math.random() * (KILL_AFTER_MS.max - KILL_AFTER_MS.min));
      await sleep(afterMs);
      // Then a random few milliseconds into the next payLine that runs (one takes some tens), its worker dies; one that
      // ended meanwhile is let be, for the one after it. A run paid in full meanwhile is followed by the next one.
      const current = await eventually(
        async () => {
          const payLine = await payLineOf(run);
          if (payLine?.worker) {
            await sleep(Math.random() * PAYLINE_MS);
            return (await payLineOf(run))?.id === payLine.id ? payLine : undefined;
          }
          return (await paidOf(run)) === run.lines.length ? ('run paid' as const) : undefined;
        },
        { timeoutMs: 5_000, intervalMs: 2 },
      ).catch(() => undefined);
      if (current === 'run paid') {
        run = await startNextRun();
        paidBefore = await paidInPool();
        continue;
      }
      const victim = current?.worker ?? live[Math.floor(Math.random() * live.length)];
      if (!victim) {
        await replacing;
        continue;
      }
      await sys.kill(victim);
      live.splice(live.indexOf(victim), 1);
      // Its replacement starts while the survivor waits out the heartbeat timeout of the payment cut short.
      replacing = topUpWorkers();
      replacing.catch(() => undefined); // awaited below; a worker that cannot start fails the test there
      // Still pending after the kill, started by the victim: the kill cut that payLine short.
      const after = await payLineOf(run);
      const interruptedPayLine = current?.worker === victim && after?.id === current.id;

      const paid = await paidOf(run);
      paidBefore = await paidInPool();
      const runKey = runKeyOf(poolId, run.runDate);
      const journal = (await adapter.listPayments(runKey)).map((p) => p.instruction.reference);
      kills.push({ atMs: Date.now() - killStarted, worker: victim, runDate: run.runDate, afterMs, interruptedPayLine, paid, lines: run.lines.length, sentNotRecorded: journal.length - paid });
      // Whatever the moment of the kill, the run's file is whole and names no payment twice.
      const xml = path.join(folder, `${runKey}.pain001.xml`);
      if (existsSync(xml)) {
        const ids = readPain001(await readFile(xml, 'utf8')).transactions.map((tx) => tx.endToEndId);
        expect(new Set(ids).size).toBe(ids.length);
        expect(journal).toEqual(expect.arrayContaining(ids));
      }
      if (paid === run.lines.length) run = await startNextRun();
      if (live.length === 0) await replacing;
    }
    const killingMs = Date.now() - killStarted;

    // The workers finish what is left and complete every run they were given.
    await replacing;
    await topUpWorkers();
    for (const paidRun of startedRuns) {
      await eventually(async () => ((await handleOf(paidRun).describe()).status.name === 'COMPLETED' ? true : undefined), { timeoutMs: 60_000, intervalMs: 100, what: `run ${paidRun.runDate} to complete` }).catch(async (error) => {
        throw new Error(`${String(error)}\n${await diagnosis(startedRuns, live)}`);
      });
    }

    // The ledger: one PaymentMade per reference of the runs' lines, of its line's amount, and no other.
    const lines = new Map(startedRuns.flatMap((r) => r.lines.map((l) => [l.reference, { ...l, runDate: r.runDate }] as const)));
    const { rows: made } = await sys.pool.query<{ reference: string; amount: string; n: number }>(
      `SELECT data->>'reference' AS reference, min((data->>'amountOre')::bigint)::text AS amount, count(*)::int AS n
         FROM events WHERE type = 'PaymentMade' AND stream_id LIKE $1 GROUP BY 1`,
      [`ledger-${poolId}-%`],
    );
    expect(made.filter((m) => m.n !== 1)).toEqual([]);
    expect(Object.fromEntries(made.map((m) => [m.reference, Number(m.amount)]))).toEqual(Object.fromEntries([...lines].map(([reference, l]) => [reference, l.amountOre])));

    // The `payments` table: one row per reference, the line's municipality, run and amount, and no other.
    const { rows: payments } = await sys.pool.query<{ reference: string; municipality_code: string; run_date: string; amount_ore: string }>(
      'SELECT reference, municipality_code, run_date::text, amount_ore::text FROM payments WHERE pool_id = $1',
      [poolId],
    );
    expect(payments.map((p) => ({ reference: p.reference, municipalityCode: p.municipality_code, runDate: p.run_date, amountOre: Number(p.amount_ore) })).sort((a, b) => a.reference.localeCompare(b.reference))).toEqual(
      [...lines.values()].map(({ reference, municipalityCode, runDate, amountOre }) => ({ reference, municipalityCode, runDate, amountOre })).sort((a, b) => a.reference.localeCompare(b.reference)),
    );
    expect((await sys.pool.query('SELECT count(*)::int AS n FROM payments')).rows[0].n).toBe(lines.size);

    for (const paidRun of startedRuns) {
      const references = paidRun.lines.map((l) => l.reference).sort();
      // Each municipality once per run, the run's total paid.
      expect(new Set(paidRun.lines.map((l) => l.municipalityCode)).size).toBe(MUNICIPALITIES);
      expect(payments.filter((p) => p.run_date === paidRun.runDate).reduce((sum, p) => sum + Number(p.amount_ore), 0)).toBe(paidRun.totalOre);
      // The run completed with every line paid, none given up.
      const { rows: completed } = await sys.pool.query(`SELECT data FROM events WHERE stream_id = $1 AND type = 'RunCompleted'`, [`payout-${poolId}-${paidRun.runDate}`]);
      expect(completed).toHaveLength(1);
      expect({ paid: [...completed[0].data.paid].sort(), unpaid: completed[0].data.unpaid, paidOre: completed[0].data.paidOre }).toEqual({ paid: references, unpaid: [], paidOre: paidRun.totalOre });

      // The run's pain.001 file: whole, NbOfTxs the lines, CtrlSum the total, each line once with its amount.
      const file = readPain001(await readFile(path.join(folder, `${runKeyOf(poolId, paidRun.runDate)}.pain001.xml`), 'utf8'));
      expect(file.nbOfTxs).toEqual([String(paidRun.lines.length), String(paidRun.lines.length)]);
      expect(file.ctrlSum).toEqual([oreToAmount(paidRun.totalOre), oreToAmount(paidRun.totalOre)]);
      expect(file.requestedExecutionDate).toBe(paidRun.runDate);
      const ids = file.transactions.map((tx) => tx.endToEndId);
      expect(ids.length).toBe(new Set(ids).size);
      expect(Object.fromEntries(file.transactions.map((tx) => [tx.endToEndId, tx.amountOre]))).toEqual(Object.fromEntries(paidRun.lines.map((l) => [l.reference, l.amountOre])));
    }
    // No file for a run that was not paid, and no other file for the bank to pick up.
    expect((await readdir(folder)).filter((f) => f.endsWith('.xml')).sort()).toEqual(startedRuns.map((r) => `${runKeyOf(poolId, r.runDate)}.pain001.xml`).sort());
    expect(sys.exited()).toEqual([]);

    const midRun = kills.filter((k) => k.paid < k.lines);
    expect(interrupted()).toBeGreaterThanOrEqual(KILLS);
    console.log(
      JSON.stringify({
        municipalities: MUNICIPALITIES,
        runsPaid: startedRuns.length,
        linesPaid: lines.size,
        kills: kills.length,
        killsMidRun: midRun.length,
        killsInterruptingPayLine: interrupted(),
        killsSentNotRecorded: kills.filter((k) => k.sentNotRecorded > 0).length,
        setupMs,
        killingMs,
        totalMs: Date.now() - started,
        killList: kills.map((k) => `${(k.atMs / 1000).toFixed(1)}s ${k.runDate} ${k.paid}/${k.lines} +${k.afterMs}ms${k.interruptedPayLine ? ' payLine' : ''}${k.sentNotRecorded ? ' sent-not-recorded' : ''}`),
      }, null, 1),
    );
  });
});
