import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'pg';
import { configureFoldCache } from '@puljeflow/application';
import { eventually, freePort, startNodeProcess, startTsProcess, waitForHttp, type RunningProcess } from '@puljeflow/test-support';
import { payoutRunWorkflowId, TASK_QUEUE } from '@puljeflow/workflows';
import { readPain001Run } from '../e2e/money-calendar.support';
import { payablePool } from '../e2e/payable-pool';
import { builtEntry, TestSystem, type SystemOptions } from '../system/system';
import { installBuild, type InstalledBuild } from './production-install';

jest.setTimeout(600_000);

const STAFF = [
  { username: 'admin', password: 'pw', roles: ['admin'] },
  { username: 'karin', password: 'pw', roles: ['caseworker'] },
  { username: 'anders', password: 'pw', roles: ['approver'] },
  { username: 'finn', password: 'pw', roles: ['finance'] },
];

/** Whether a running process has loaded swc (its native binding, mapped into memory) or was started through its
 * register hook: either means TypeScript was compiled at start. */
function compilesTypeScript(pid: number): { argv: string[]; swcMapped: boolean } {
  const argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  const swcMapped = /@swc|swc\.linux/.test(fs.readFileSync(`/proc/${pid}/maps`, 'utf8'));
  return { argv, swcMapped };
}

/** What the image holds: the build's output with production dependencies alone in an empty folder (made once). */
let installed: InstalledBuild;
beforeAll(async () => {
  installed = await installBuild();
  console.log(`build ${installed.buildMs} ms; production dependencies ${installed.installMs ? `installed in ${installed.installMs} ms` : 'kept from an earlier run of this lockfile'}`);
});
afterAll(() => installed?.remove());

interface BuiltSystem {
  sys: TestSystem;
  db: Pool;
  tokens: Record<string, string>;
  paymentsDir: string;
  stop(): Promise<void>;
}

/** A test system whose processes run from the installed build, its staff signed in, writing payments to a folder of its own. */
async function startBuiltSystem(options: SystemOptions): Promise<BuiltSystem> {
  const paymentsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'puljeflow-build-payments-'));
  const env = { PAYMENT_FILES_DIR: paymentsDir };
  const sys = await TestSystem.start({ ...options, fromBuild: installed.folder, staff: STAFF, apiEnv: env, workerEnv: env });
  const tokens: Record<string, string> = {};
  for (const s of STAFF) tokens[s.username] = await sys.signIn(s.username, s.password);
  const db = new Pool({ connectionString: sys.db.url, max: 4 });
  db.on('error', () => undefined);
  const stop = async () => {
    await db.end();
    await sys.stop();
    fs.rmSync(paymentsDir, { recursive: true, force: true });
  };
  return { sys, db, tokens, paymentsDir, stop };
}

/**
 * The installed build run: its migrations, api and worker started with plain node against a fresh database and the
 * time-skipping Temporal server.
 */
describe('the production build, installed alone with production dependencies', () => {
  let built: BuiltSystem | undefined;
  let sys: TestSystem, db: Pool, tokens: Record<string, string>, paymentsDir: string;
  beforeAll(async () => {
    built = await startBuiltSystem({ municipalities: ['101', '147'] });
    ({ sys, db, tokens, paymentsDir } = built);
  });
  afterAll(() => built?.stop());

  it('holds no dev dependency and none of the sources: plain node finds only what production installs', () => {
    const resolvable = (id: string) => {
      try {
        require.resolve(id, { paths: [path.join(installed.folder, 'dist')] });
        return true;
      } catch {
        return false;
      }
    };
    // Dev dependencies (typescript itself comes along as a peer of i18next, so it proves nothing either way).
    expect(['@swc-node/register', 'jest', 'vite', 'eslint', 'nx'].filter(resolvable)).toEqual([]);
    expect(['pg', '@nestjs/core', '@temporalio/worker'].filter(resolvable)).toHaveLength(3);
    expect(fs.readdirSync(installed.folder).sort()).toEqual(['dist', 'node_modules', 'package-lock.json', 'package.json']);
    expect(fs.existsSync(path.join(installed.folder, 'dist', 'web', 'index.html'))).toBe(true);
    expect(sys.migrations).toMatch(/^applied migrations: /);
  });

  it('compiles no TypeScript at start: the worker loads the prebuilt workflow bundle, neither process has swc loaded', () => {
    expect(sys.output('worker-0')).toContain('"source":"prebuilt bundle"');
    for (const name of ['api-0', 'worker-0']) {
      const { argv, swcMapped } = compilesTypeScript(sys.pidOf(name)!);
      expect(argv.slice(1)).toEqual([expect.stringMatching(/\/dist\/apps\/(api|worker)\/src\/main\.js$/)]);
      expect(swcMapped).toBe(false);
    }
  });

  it('an interest deadline fires: the pool is allocated by its workflow on the worker from the build', async () => {
    const definition = await sys.committedPool('build-pool', { '101': 400_000, '147': 200_000 }, { admin: tokens['admin']!, caseworker: tokens['karin']!, approver: tokens['anders']! });

    // The overview is a projection: it catches up with the commitments just issued.
    const overview = await eventually(async () => {
      const res = await sys.http('GET', `/api/v1/staff/pools/${definition.poolId}/overview`, { bearer: tokens['karin'] });
      return res.body.municipalities?.every((m: { commitmentStatus: string }) => m.commitmentStatus === 'issued') ? res.body : undefined;
    }, { what: 'the overview with both commitments issued' });
    expect(overview.pool).toMatchObject({ poolId: 'build-pool', status: 'allocated' });
    expect(overview.municipalities.map((m: { municipalityCode: string }) => m.municipalityCode).sort()).toEqual(['101', '147']);
  });

  it('a payout run pays: released over the api, paid by the worker into its pain.001 file, each municipality once', async () => {
    const fixture = await payablePool(db, sys.vaultEnv, { poolId: 'build-payouts', municipalities: 2, runs: 1 });
    const [run] = fixture.runs;
    const base = `/api/v1/staff/pools/build-payouts/payout-runs`;
    await sys.temporal.client.workflow.start('payoutRunWorkflow', { taskQueue: TASK_QUEUE, workflowId: payoutRunWorkflowId('build-payouts', run!.runDate), args: [{ poolId: 'build-payouts', runDate: run!.runDate }] });
    expect((await sys.http('POST', `${base}/${run!.runDate}/release`, { bearer: tokens['finn'] })).status).toBe(200);

    const paid = await eventually(async () => {
      const res = await sys.http('GET', base, { bearer: tokens['finn'] });
      return res.body.runs[0].state === 'paid' ? res.body.runs[0] : undefined;
    }, { timeoutMs: 120_000, what: 'the run paid' });

    expect(paid).toMatchObject({ state: 'paid', paidOre: run!.totalOre, lines: { paid: 2, unpaid: 0, failed: 0 } });
    const file = fs.readFileSync(path.join(paymentsDir, `build-payouts_${run!.runDate}.pain001.xml`), 'utf8');
    const byReference = (a: { reference: string }, b: { reference: string }) => a.reference.localeCompare(b.reference);
    expect(readPain001Run(file).transactions.map((tx) => ({ reference: tx.reference, amountOre: tx.amountOre })).sort(byReference)).toEqual(
      run!.lines.map((l) => ({ reference: l.reference, amountOre: l.amountOre })).sort(byReference),
    );
  });

  it('starts the worker faster than the developer path (workflows bundled on start); prints both start times of api and worker', async () => {
    const env = { DATABASE_URL: sys.db.url, TEMPORAL_ADDRESS: sys.temporal.address, ...sys.vaultEnv, PAYMENT_FILES_DIR: paymentsDir, RUN_PROJECTIONS: 'off' };
    /** Milliseconds from spawning a process to its health endpoint's first 200, one process at a time. */
    const timeToHealthy = async (start: (port: number) => RunningProcess, healthPath: string): Promise<number> => {
      const port = await freePort();
      const started = Date.now();
      const child = start(port);
      try {
        await waitForHttp(`http://127.0.0.1:${port}${healthPath}`, [child], 180_000);
        return Date.now() - started;
      } finally {
        await child.stop();
      }
    };
    const fromBuild = (part: 'api' | 'worker', port: number) =>
      startNodeProcess(`${part}-timed`, [builtEntry(installed.folder, part)], { ...env, PORT: String(port), WORKER_HEALTH_PORT: String(port) }, installed.folder);
    const developer = (part: 'api' | 'worker', port: number) =>
      startTsProcess(`${part}-timed-dev`, `apps/${part}/src/main.ts`, { ...env, PORT: String(port), WORKER_HEALTH_PORT: String(port) });

    const times = {
      api: { build: await timeToHealthy((p) => fromBuild('api', p), '/api/health'), developer: await timeToHealthy((p) => developer('api', p), '/api/health') },
      worker: { build: await timeToHealthy((p) => fromBuild('worker', p), '/health'), developer: await timeToHealthy((p) => developer('worker', p), '/health') },
    };
    console.log(
      `start to healthy: api ${times.api.build} ms from the build, ${times.api.developer} ms developer path; ` +
        `worker ${times.worker.build} ms from the build, ${times.worker.developer} ms developer path`,
    );

    // The worker no longer bundles the workflows at start, most of its developer start. The api's start is mostly
    // loading modules either way (swc compiles ours in milliseconds): its two times are printed, not compared, as on a
    // busy machine either may come first.
    expect(times.worker.build).toBeLessThan(times.worker.developer);
  });
});

/**
 * Two api and two worker processes from the build against one database and the Temporal dev server, on the wall
 * clock: the interest deadline fires once, and a payout run pays each municipality once. A run's payments follow one
 * another (its workflow pays line after line, the activities mostly on the workflow's own worker), so two processes
 * writing one run's file at once are shown by libs/payments (run-lock.spec.ts, pain001-processes.spec.ts).
 */
describe('two api and two worker processes from the build, on the Temporal dev server (real time)', () => {
  let built: BuiltSystem | undefined;
  let sys: TestSystem, db: Pool, tokens: Record<string, string>, paymentsDir: string;
  beforeAll(async () => {
    // This process's fold caches know the streams of the database above, and the fixtures here write streams of the
    // same ids (a course per municipality) into a new one: start them empty, as a process on one database would.
    configureFoldCache({ size: 20_000 }); // the default size
    built = await startBuiltSystem({ realTime: true, apis: 2, workers: 2, municipalities: ['101', '147', '151'] });
    ({ sys, db, tokens, paymentsDir } = built);
  });
  afterAll(() => built?.stop());

  it('a payout run pays each municipality once, into one pain.001 file that never names a payment twice', async () => {
    const fixture = await payablePool(db, sys.vaultEnv, { poolId: 'rt-payouts', municipalities: 16, runs: 1 });
    const [run] = fixture.runs;
    const workflowId = payoutRunWorkflowId('rt-payouts', run!.runDate);
    await sys.temporal.client.workflow.start('payoutRunWorkflow', { taskQueue: TASK_QUEUE, workflowId, args: [{ poolId: 'rt-payouts', runDate: run!.runDate }] });
    expect((await sys.http('POST', `/api/v1/staff/pools/rt-payouts/payout-runs/${run!.runDate}/release`, { bearer: tokens['finn'] })).status).toBe(200);

    await eventually(async () => ((await sys.temporal.client.workflow.getHandle(workflowId).describe()).status.name === 'COMPLETED' ? true : undefined), { timeoutMs: 180_000, what: 'the payout run completed' });

    const { rows: payments } = await sys.pool.query<{ municipality_code: string }>(`SELECT municipality_code FROM payments WHERE pool_id = 'rt-payouts'`);
    expect(payments.map((p) => p.municipality_code).sort()).toEqual([...fixture.municipalities].sort());
    const file = readPain001Run(fs.readFileSync(path.join(paymentsDir, `rt-payouts_${run!.runDate}.pain001.xml`), 'utf8'));
    const byReference = (a: { reference: string }, b: { reference: string }) => a.reference.localeCompare(b.reference);
    expect(file.transactions.map((tx) => ({ reference: tx.reference, amountOre: tx.amountOre })).sort(byReference)).toEqual(
      run!.lines.map((l) => ({ reference: l.reference, amountOre: l.amountOre })).sort(byReference),
    );
    expect(sys.exited()).toEqual([]);
  });

  it('the interest deadline, a minute of real time away, fires once', async () => {
    const staff = { admin: tokens['admin']!, caseworker: tokens['karin']!, approver: tokens['anders']! };
    await sys.committedPool('rt-pool', { '101': 400_000, '147': 300_000, '151': 200_000 }, staff, 10_000_000, { interestInMinutes: 1, marginMs: 2_000 });

    const { rows } = await sys.pool.query(`SELECT count(*)::int AS n FROM events WHERE type = 'AllocationMade' AND data->>'poolId' = 'rt-pool'`);
    expect(rows[0].n).toBe(1);
  });
});
