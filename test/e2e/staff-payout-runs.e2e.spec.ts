import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'pg';
import { eventually } from '@puljeflow/test-support';
import { payoutRunWorkflowId, TASK_QUEUE } from '@puljeflow/workflows';
import { TestSystem } from '../system/system';
import { readPain001Run } from './money-calendar.support';
import { payablePool, type PayablePool } from './payable-pool';

jest.setTimeout(300_000);

/**
 * Payout runs read by staff over HTTP: the list of a pool's runs with their states before and after preparing,
 * releasing and paying, one run's lines, the run's pain.001 file for download (the very file on disk), roles, and the
 * overview read as of an instant before the commitments.
 */
describe('staff read payout runs and download their pain.001 files', () => {
  let sys: TestSystem;
  let db: Pool;
  let fixture: PayablePool;
  const paymentsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'puljeflow-staff-runs-'));
  const tokens: Record<string, string> = {};
  const poolId = 'runs-pool';

  beforeAll(async () => {
    sys = await TestSystem.start({
      workers: 0,
      apiEnv: { PAYMENT_FILES_DIR: paymentsDir },
      workerEnv: { PAYMENT_FILES_DIR: paymentsDir },
      staff: [
        { username: 'frida', password: 'pw', roles: ['finance'] },
        { username: 'fiona', password: 'pw', roles: ['finance'] },
        { username: 'aud', password: 'pw', roles: ['auditor'] },
        { username: 'karen', password: 'pw', roles: ['caseworker'] },
      ],
    });
    for (const user of ['frida', 'fiona', 'aud', 'karen']) tokens[user] = await sys.signIn(user, 'pw');
    db = new Pool({ connectionString: sys.db.url, max: 4 });
    db.on('error', () => undefined);
    fixture = await payablePool(db, sys.vaultEnv, { poolId, municipalities: 3, runs: 1 });
  });

  afterAll(async () => {
    await db?.end();
    await sys?.stop();
    fs.rmSync(paymentsDir, { recursive: true, force: true });
  });

  const get = (user: string, url: string) => sys.http('GET', url, { bearer: tokens[user] });
  const firstRecorded = async (type: string): Promise<Date> =>
    (await sys.pool.query<{ at: Date }>(`SELECT min(recorded_at) AS at FROM events WHERE type = $1 AND data->>'poolId' = $2`, [type, poolId])).rows[0]!.at;
  const justBefore = (at: Date) => new Date(at.getTime() - 1).toISOString();
  const stateOf = (list: { runs: { runDate: string; state: string }[] }, runDate: string) => list.runs.find((r) => r.runDate === runDate)?.state;

  it('lists the runs with their states, serves the paid run’s pain.001 file and reads the overview as of before the commitments', async () => {
    const [run] = fixture.runs;
    const { runDate } = run!;
    const base = `/api/v1/staff/pools/${poolId}/payout-runs`;
    const fileUrl = `${base}/${runDate}/pain001`;
    const fileOnDisk = path.join(paymentsDir, `${poolId}_${runDate}.pain001.xml`);
    const calendar = fixture.definition.calendar.payoutRunDates;

    // Prepared: the first run holds a line per municipality, unpaid; the others are scheduled. Before the preparation, scheduled too.
    const prepared = await get('karen', base);
    expect(prepared.status).toBe(200);
    expect(prepared.body.runs.map((r: { runDate: string }) => r.runDate)).toEqual(calendar);
    expect(prepared.body.runs[0]).toMatchObject({ runDate, state: 'prepared', preparedBy: 'fie.finans', releasedBy: null, totalOre: run!.totalOre, paidOre: 0, lines: { paid: 0, unpaid: 3, failed: 0 }, failures: [] });
    expect(prepared.body.runs.slice(1).map((r: { state: string }) => r.state)).toEqual(calendar.slice(1).map(() => 'scheduled'));
    expect(prepared.body.totals).toEqual({ totalOre: run!.totalOre, paidOre: 0, lines: { paid: 0, unpaid: 3, failed: 0 } });
    const beforePrepare = await get('aud', `${base}?asOf=${encodeURIComponent(justBefore(await firstRecorded('RunPrepared')))}`);
    expect(stateOf(beforePrepare.body, runDate)).toBe('scheduled');

    // No file before anything is paid; a caseworker may not download one.
    expect((await get('frida', fileUrl)).status).toBe(404);
    expect((await get('frida', fileUrl)).body).toMatchObject({ status: 404 });
    expect((await get('karen', fileUrl)).status).toBe(403);
    expect((await get('frida', `${base}/not-a-date/pain001`)).status).toBe(400);

    // Released by a second finance officer, with no worker yet: released, nothing paid.
    await sys.temporal.client.workflow.start('payoutRunWorkflow', { taskQueue: TASK_QUEUE, workflowId: payoutRunWorkflowId(poolId, runDate), args: [{ poolId, runDate }] });
    expect((await sys.http('POST', `${base}/${runDate}/release`, { bearer: tokens['fiona'] })).status).toBe(200);
    const released = await get('frida', base);
    expect(released.body.runs[0]).toMatchObject({ state: 'released', releasedBy: 'fiona', lines: { paid: 0, unpaid: 3, failed: 0 } });
    expect((await get('aud', fileUrl)).status).toBe(404);

    // A worker pays it: paid, each line paid with its municipality, amount and reference.
    await sys.startWorker();
    const paid = await eventually(async () => {
      const res = await get('aud', base);
      return res.body.runs[0].state === 'paid' ? res.body : undefined;
    }, { timeoutMs: 120_000, what: 'the run paid' });
    expect(paid.runs[0]).toMatchObject({ state: 'paid', paidOre: run!.totalOre, lines: { paid: 3, unpaid: 0, failed: 0 }, failures: [] });
    expect(paid.totals).toMatchObject({ paidOre: run!.totalOre, lines: { paid: 3, unpaid: 0, failed: 0 } });
    const one = await get('karen', `${base}/${runDate}`);
    expect(one.status).toBe(200);
    const byCode = (a: { municipalityCode: string }, b: { municipalityCode: string }) => a.municipalityCode.localeCompare(b.municipalityCode);
    expect(one.body.lines.map((l: Record<string, unknown>) => ({ municipalityCode: l['municipalityCode'], amountOre: l['amountOre'], reference: l['reference'], state: l['state'], lastError: l['lastError'] })).sort(byCode)).toEqual(
      [...run!.lines].sort(byCode).map((l) => ({ municipalityCode: l.municipalityCode, amountOre: l.amountOre, reference: l.reference, state: 'paid', lastError: null })),
    );

    // The download is the file on disk, byte for byte, and pays each municipality once.
    const file = await get('aud', fileUrl);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toMatch(/^application\/xml/);
    expect(file.headers.get('content-disposition')).toBe(`attachment; filename="${poolId}_${runDate}.pain001.xml"`);
    expect(file.body).toBe(fs.readFileSync(fileOnDisk, 'utf8'));
    const transactions = readPain001Run(file.body as string).transactions;
    expect(transactions.map((tx) => ({ reference: tx.reference, amountOre: tx.amountOre })).sort((a, b) => a.reference.localeCompare(b.reference))).toEqual(
      run!.lines.map((l) => ({ reference: l.reference, amountOre: l.amountOre })).sort((a, b) => a.reference.localeCompare(b.reference)),
    );
    expect((await get('frida', `${fileUrl}?asOf=${encodeURIComponent(justBefore(await firstRecorded('RunReleased')))}`)).status).toBe(404);
    expect(stateOf((await get('frida', `${base}?asOf=${encodeURIComponent(justBefore(await firstRecorded('RunCompleted')))}`)).body, runDate)).toBe('released');

    // The overview now, and as of just before the first commitment was prepared.
    const overviewUrl = `/api/v1/staff/pools/${poolId}/overview`;
    const now = await eventually(async () => {
      const res = await get('karen', overviewUrl);
      return res.status === 200 && res.body.municipalities.length === 3 && res.body.municipalities.every((m: { commitmentStatus: string }) => m.commitmentStatus === 'issued') ? res.body : undefined;
    }, { what: 'the overview with the commitments' });
    expect(now.municipalities.every((m: { committedOre: number }) => m.committedOre > 0)).toBe(true);
    const before = await get('karen', `${overviewUrl}?asOf=${encodeURIComponent(justBefore(await firstRecorded('CommitmentPrepared')))}`);
    expect(before.status).toBe(200);
    expect(before.body.pool).toMatchObject({ poolId, status: 'allocated' });
    expect(before.body.municipalities.map((m: Record<string, unknown>) => [m['municipalityCode'], m['commitmentStatus'], m['committedOre'], m['allocatedOre'], m['name']])).toEqual(
      now.municipalities.map((m: Record<string, unknown>) => [m['municipalityCode'], 'none', 0, m['allocatedOre'], m['name']]),
    );
    expect((await get('karen', `${overviewUrl}?asOf=not-an-instant`)).status).toBe(400);
  });
});
