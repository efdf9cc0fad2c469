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

/** Kills that must land while a run still has lines to pay. */
const KILLS = 20;
const MUNICIPALITIES = 50;
/** Runs prepared in advance; the test pays them one after another until it has killed the worker KILLS times. */
const RUNS = 8;
/** How long the worker pays, once it has paid one line, before it is killed. */
const KILL_AFTER_MS = { min: 50, max: 1500 };

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
  worker: string;
  runDate: string;
  afterMs: number;
  /** Lines of the run recorded paid (the `payments` table) once the worker was dead, of `lines`. */
  paid: number;
  lines: number;
  /** Payments the pain.001 journal holds but the database does not: the worker died between sending and recording. */
  sentNotRecorded: number;
  /** The run's lock file was left behind: the worker died holding it. */
  lockLeft: boolean;
}

/**
 * Issue 5: "The worker process is killed (SIGKILL) at random points of a payout run, 20 times; every municipality is
 * paid exactly once per run and the pain.001 files hold no duplicate reference." One worker process pays; each time it
 * has paid a line it is killed after a random moment and started again, until it has been killed 20 times while a run
 * still had lines to pay. Its `payLine` is then retried on the next worker (heartbeat timeout 5 s).
 */
describe('payout runs, the worker SIGKILLed at random points (issue 5)', () => {
  let sys: TestSystem;
  let db: Pool;
  let folder: string;
  let fixture: PayablePool;

  beforeAll(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), 'puljeflow-payout-crash-'));
    sys = await TestSystem.start({ apis: 0, workers: 0, workerEnv: { PAYMENT_FILES_DIR: folder } });
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

  /** What a test that times out should show: the run workflows' pending activities and the last worker's output. */
  async function diagnosis(runs: PreparedRun[], worker: string): Promise<string> {
    const pending = await Promise.all(
      runs.map(async (run) => ({
        runDate: run.runDate,
        ...(await handleOf(run)
          .describe()
          .then(
            (d) => ({ status: d.status.name, pending: d.raw.pendingActivities, pendingWorkflowTask: d.raw.pendingWorkflowTask }),
            (e) => ({ error: String(e) }),
          )),
        history: await handleOf(run)
          .fetchHistory()
          .then((h) => (h.events ?? []).slice(-12).map((e) => `${e.eventId} ${e.eventTime?.seconds} ${String(e.eventType)} ${JSON.stringify(e.workflowTaskScheduledEventAttributes?.taskQueue ?? e.activityTaskScheduledEventAttributes?.activityType ?? '')}`)),
      })),
    );
    return `${JSON.stringify(pending, null, 1).slice(0, 4000)}\n--- ${worker} ---\n${sys.output(worker).slice(-4000)}`;
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
      if (!run) throw new Error(`all ${RUNS} runs were paid before the worker had been killed ${KILLS} times mid-run: prepare more runs or lines`);
      startedRuns.push(run);
      const handle = await sys.temporal.client.workflow.start('payoutRunWorkflow', { taskQueue: TASK_QUEUE, workflowId: payoutRunWorkflowId(poolId, run.runDate), args: [{ poolId, runDate: run.runDate }] });
      await fixture.release(run.runDate);
      await handle.signal(runReleasedSignal);
      return run;
    };

    const kills: Kill[] = [];
    let run = await startNextRun();
    const killStarted = Date.now();
    while (kills.filter((k) => k.paid < k.lines).length < KILLS) {
      const worker = await sys.startWorker();
      // Killed only once it pays: the payment it was making when its predecessor died comes to it after the
      // heartbeat timeout, then the lines after it.
      const before = await paidInPool();
      await eventually(async () => ((await paidInPool()) > before ? true : undefined), { timeoutMs: 60_000, intervalMs: 20, what: `${worker} to pay a line` }).catch(async (error) => {
        throw new Error(`${String(error)}\n${await diagnosis(startedRuns, worker)}`);
      });
      const afterMs = Math.round(KILL_AFTER_MS.min + Math.random() * (KILL_AFTER_MS.max - KILL_AFTER_MS.min));
      await sleep(afterMs);
      await sys.kill(worker);

      const paid = await paidOf(run);
      const runKey = runKeyOf(poolId, run.runDate);
      const journal = (await adapter.listPayments(runKey)).map((p) => p.instruction.reference);
      kills.push({ worker, runDate: run.runDate, afterMs, paid, lines: run.lines.length, sentNotRecorded: journal.length - paid, lockLeft: existsSync(path.join(folder, `${runKey}.lock`)) });
      // Whatever the moment of the kill, the run's file is whole and names no payment twice.
      const xml = path.join(folder, `${runKey}.pain001.xml`);
      if (existsSync(xml)) {
        const ids = readPain001(await readFile(xml, 'utf8')).transactions.map((tx) => tx.endToEndId);
        expect(new Set(ids).size).toBe(ids.length);
        expect(journal).toEqual(expect.arrayContaining(ids));
      }
      if (paid === run.lines.length) run = await startNextRun();
    }
    const killingMs = Date.now() - killStarted;

    // One last worker finishes what is left and completes every run it was given.
    const last = await sys.startWorker();
    for (const paidRun of startedRuns) {
      await eventually(async () => ((await handleOf(paidRun).describe()).status.name === 'COMPLETED' ? true : undefined), { timeoutMs: 60_000, intervalMs: 100, what: `run ${paidRun.runDate} to complete` }).catch(async (error) => {
        throw new Error(`${String(error)}\n${await diagnosis(startedRuns, last)}`);
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
    expect(midRun.length).toBeGreaterThanOrEqual(KILLS);
    console.log(
      JSON.stringify({
        municipalities: MUNICIPALITIES,
        runsPaid: startedRuns.length,
        linesPaid: lines.size,
        kills: kills.length,
        killsMidRun: midRun.length,
        killsSentNotRecorded: kills.filter((k) => k.sentNotRecorded > 0).length,
        killsHoldingLock: kills.filter((k) => k.lockLeft).length,
        setupMs,
        killingMs,
        totalMs: Date.now() - started,
        killList: kills.map((k) => `${k.runDate} ${k.paid}/${k.lines} +${k.afterMs}ms${k.sentNotRecorded ? ' sent-not-recorded' : ''}${k.lockLeft ? ' lock-left' : ''}`),
      }, null, 1),
    );
  });
});
