import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { temporalTestServerPath } from '@puljeflow/test-support';
import {
  deadlinesAmendedSignal,
  payoutRunStatusQuery,
  payoutRunWorkflowId,
  poolStatusQuery,
  poolWorkflowId,
  runReleasedSignal,
  workflowsPath,
  type MilestoneOutcome,
  type PayoutActivities,
  type PoolActivities,
  type PoolWorkflowInput,
} from '@puljeflow/workflows';

jest.setTimeout(120_000);

type Call = { activity: keyof PoolActivities | keyof PayoutActivities; at: string };
const DAY = 24 * 3600_000;

/** The pool workflow on the real time-skipping test server: absolute instants, amendments followed while it runs. */
describe('pool workflow', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    Runtime.install({ logger: new DefaultLogger('WARN') });
    env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: temporalTestServerPath() } } });
  });

  afterAll(async () => {
    await env?.teardown();
  });

  /** Activities that record when they were called; `closeNotYet` makes the first close report a later deadline. */
  function recordingActivities(calls: Call[], closeNotYet?: string): PoolActivities {
    let movedOnce = false;
    return {
      async allocatePool({ at }) {
        calls.push({ activity: 'allocatePool', at });
        return { outcome: 'allocated', lapsedOre: 0 };
      },
      async closePoolForStarts({ at }): Promise<MilestoneOutcome> {
        calls.push({ activity: 'closePoolForStarts', at });
        if (closeNotYet && !movedOnce) {
          movedOnce = true;
          return { outcome: 'not-yet', deadline: closeNotYet };
        }
        return { outcome: 'done' };
      },
      async endReportingGrace({ at }) {
        calls.push({ activity: 'endReportingGrace', at });
        return { outcome: 'done' };
      },
      async closePool({ at }) {
        calls.push({ activity: 'closePool', at });
        return { lapsedOre: 0 };
      },
    };
  }

  async function calendar(offsetsInDays: [number, number, number]): Promise<Omit<PoolWorkflowInput, 'poolId'>> {
    const now = await env.currentTimeMs();
    const [interest, start, grace] = offsetsInDays.map((d) => new Date(now + d * DAY).toISOString()) as [string, string, string];
    return { interestDeadline: interest, startDeadline: start, reportingGraceEnds: grace };
  }

  async function run(poolId: string, input: Omit<PoolWorkflowInput, 'poolId'>, calls: Call[], during: (h: Awaited<ReturnType<typeof env.client.workflow.start>>) => Promise<void>, closeNotYet?: string) {
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue: poolId, workflowsPath: workflowsPath, activities: recordingActivities(calls, closeNotYet) });
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start('poolWorkflow', { workflowId: poolWorkflowId(poolId), taskQueue: poolId, args: [{ poolId, ...input }] });
      await during(handle);
      await handle.result();
    });
  }

  it('allocates at the interest deadline, closes starts and ends the grace at their instants, each once and not before', async () => {
    const calls: Call[] = [];
    const input = await calendar([3, 10, 20]);
    await run('wf-a', input, calls, async (handle) => {
      await env.sleep('2 days');
      expect(calls).toHaveLength(0);
      expect(await handle.query(poolStatusQuery)).toEqual(expect.objectContaining({ phase: 'waiting-for-interest-deadline', nextDeadline: { name: 'interestDeadline', at: input.interestDeadline } }));
      await env.sleep('5 days');
      expect(calls.map((c) => c.activity)).toEqual(['allocatePool']);
      expect((await handle.query(poolStatusQuery)).phase).toBe('waiting-for-start-deadline');
      await env.sleep('5 days');
      expect(calls.map((c) => c.activity)).toEqual(['allocatePool', 'closePoolForStarts']);
    });
    expect(calls.map((c) => c.activity)).toEqual(['allocatePool', 'closePoolForStarts', 'endReportingGrace']);
    const at = (a: keyof PoolActivities) => Date.parse(calls.find((c) => c.activity === a)!.at);
    expect(at('allocatePool')).toBeGreaterThanOrEqual(Date.parse(input.interestDeadline));
    expect(at('closePoolForStarts')).toBeGreaterThanOrEqual(Date.parse(input.startDeadline));
    expect(at('closePoolForStarts')).toBeLessThan(Date.parse(input.startDeadline) + DAY);
    expect(at('endReportingGrace')).toBeGreaterThanOrEqual(Date.parse(input.reportingGraceEnds));
  });

  it('follows an amendment that moves the start deadline while it waits, without a restart', async () => {
    const calls: Call[] = [];
    const input = await calendar([1, 5, 30]);
    const moved = new Date(Date.parse(input.startDeadline) + 10 * DAY).toISOString();
    await run('wf-b', input, calls, async (handle) => {
      await env.sleep('2 days');
      await handle.signal(deadlinesAmendedSignal, { startDeadline: moved });
      await env.sleep('5 days');
      expect(calls.map((c) => c.activity)).toEqual(['allocatePool']);
      expect((await handle.query(poolStatusQuery)).nextDeadline).toEqual({ name: 'startDeadline', at: moved });
    });
    const close = calls.find((c) => c.activity === 'closePoolForStarts')!;
    expect(Date.parse(close.at)).toBeGreaterThanOrEqual(Date.parse(moved));
  });

  it('waits again when the store reports a later deadline than the workflow knew (a missed amendment signal)', async () => {
    const calls: Call[] = [];
    const input = await calendar([1, 3, 30]);
    const later = new Date(Date.parse(input.startDeadline) + 4 * DAY).toISOString();
    await run('wf-c', input, calls, async () => undefined, later);
    const closes = calls.filter((c) => c.activity === 'closePoolForStarts');
    expect(closes).toHaveLength(2);
    expect(Date.parse(closes[1]!.at)).toBeGreaterThanOrEqual(Date.parse(later));
  });
});

describe('payout runs', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: temporalTestServerPath() } } });
  });

  afterAll(async () => {
    await env?.teardown();
  });

  /** Activities over an in-memory run: the test plays finance (prepare, release) by changing `run.status`. */
  function payoutActivities(run: { status: 'none' | 'prepared' | 'released' | 'completed'; references: string[] }, paid: string[]): PayoutActivities {
    return {
      async payoutRunState() {
        return { status: run.status, references: run.references };
      },
      async payLine({ reference }) {
        if (paid.includes(reference)) return { outcome: 'already-paid' };
        paid.push(reference);
        return { outcome: 'paid' };
      },
      async completePayoutRun() {
        run.status = 'completed';
      },
    };
  }

  it('waits for the release, then pays every line once and completes', async () => {
    const run = { status: 'prepared' as 'none' | 'prepared' | 'released' | 'completed', references: ['R-101', 'R-147', 'R-751'] };
    const paid: string[] = [];
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue: 'payout-a', workflowsPath: workflowsPath, activities: payoutActivities(run, paid) });
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start('payoutRunWorkflow', { workflowId: payoutRunWorkflowId('p', '2020-01-31'), taskQueue: 'payout-a', args: [{ poolId: 'p', runDate: '2020-01-31' }] });
      await env.sleep('3 days');
      expect(paid).toEqual([]);
      expect((await handle.query(payoutRunStatusQuery)).phase).toBe('waiting-for-release');
      run.status = 'released';
      await handle.signal(runReleasedSignal);
      await handle.result();
    });
    expect(paid).toEqual(['R-101', 'R-147', 'R-751']);
    expect(run.status).toBe('completed');
  });

  it('starts each payout run on its date from the pool workflow, and closes the pool last', async () => {
    const calls: Call[] = [];
    const run = { status: 'none' as 'none' | 'prepared' | 'released' | 'completed', references: [] as string[] };
    const now = await env.currentTimeMs();
    const at = (days: number) => new Date(now + days * DAY).toISOString();
    const pool: PoolActivities = {
      async allocatePool({ at: t }) {
        calls.push({ activity: 'allocatePool', at: t });
        return { outcome: 'allocated', lapsedOre: 0 };
      },
      async closePoolForStarts({ at: t }) {
        calls.push({ activity: 'closePoolForStarts', at: t });
        return { outcome: 'done' };
      },
      async endReportingGrace({ at: t }) {
        calls.push({ activity: 'endReportingGrace', at: t });
        return { outcome: 'done' };
      },
      async closePool({ at: t }) {
        calls.push({ activity: 'closePool', at: t });
        return { lapsedOre: 0 };
      },
    };
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue: 'pool-p', workflowsPath: workflowsPath, activities: { ...pool, ...payoutActivities(run, []) } });
    const input: PoolWorkflowInput = {
      poolId: 'pp',
      interestDeadline: at(1),
      startDeadline: at(20),
      reportingGraceEnds: at(25),
      payoutRuns: [{ runDate: 'r1', at: at(10) }, { runDate: 'r2', at: at(40) }],
      closesAt: at(60),
    };
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start('poolWorkflow', { workflowId: poolWorkflowId('pp'), taskQueue: 'pool-p', args: [input] });
      await env.sleep('11 days');
      expect((await handle.query(poolStatusQuery)).payoutRunsStarted).toEqual(['r1']);
      const child = env.client.workflow.getHandle(payoutRunWorkflowId('pp', 'r1'));
      expect((await child.query(payoutRunStatusQuery)).phase).toBe('waiting-for-release');
      await handle.result();
      expect((await handle.query(poolStatusQuery)).payoutRunsStarted).toEqual(['r1', 'r2']);
    });
    expect(calls.map((c) => c.activity)).toEqual(['allocatePool', 'closePoolForStarts', 'endReportingGrace', 'closePool']);
    expect(Date.parse(calls.at(-1)!.at)).toBeGreaterThanOrEqual(Date.parse(input.closesAt!));
  });
});
