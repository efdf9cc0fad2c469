import { ParentClosePolicy, condition, log, proxyActivities, setHandler, startChild } from '@temporalio/workflow';
import type { MilestoneOutcome, PoolActivities } from './activities';
import { payoutRunWorkflowId } from './payout.contract';
import { payoutRunWorkflow } from './payout.workflow';
import { deadlinesAmendedSignal, poolStatusQuery, type PoolPhase, type PoolWorkflowInput, type PoolWorkflowStatus } from './pool.contract';

const activities = proxyActivities<PoolActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

type DeadlineName = keyof PoolWorkflowStatus['deadlines'];

/**
 * One workflow per pool, id `pool-<poolId>`: it owns the pool's calendar. At each deadline it calls an activity
 * that appends the deadline's events (the decisions live in libs/domain); on each payout date it starts that run's
 * own workflow; at the end it closes the pool.
 */
export async function poolWorkflow(input: PoolWorkflowInput): Promise<void> {
  const { poolId } = input;
  const deadlines: PoolWorkflowStatus['deadlines'] = {
    interestDeadline: input.interestDeadline,
    startDeadline: input.startDeadline,
    reportingGraceEnds: input.reportingGraceEnds,
  };
  let amendments = 0;
  let phase: PoolPhase = 'waiting-for-interest-deadline';
  const payoutRunsStarted: string[] = [];
  let closed = false;
  const nextDeadlineOf: Record<PoolPhase, DeadlineName | null> = {
    'waiting-for-interest-deadline': 'interestDeadline',
    'waiting-for-start-deadline': 'startDeadline',
    'in-reporting-grace': 'reportingGraceEnds',
    'closed-for-starts': null,
  };

  setHandler(deadlinesAmendedSignal, (changes) => {
    Object.assign(deadlines, changes);
    amendments += 1;
  });
  setHandler(poolStatusQuery, () => {
    const next = nextDeadlineOf[phase];
    return { poolId, phase, nextDeadline: next ? { name: next, at: deadlines[next] } : null, deadlines: { ...deadlines }, payoutRunsStarted: [...payoutRunsStarted], closed };
  });

  /** Sleeps until an instant; an amendment (signal) wakes it to read the instant again, so the wait moves with it. */
  async function waitUntil(instant: () => string): Promise<void> {
    for (;;) {
      const remaining = Date.parse(instant()) - Date.now();
      if (remaining <= 0) return;
      const seen = amendments;
      await condition(() => amendments !== seen, remaining);
    }
  }

  /** Waits for a deadline and runs its activity; if the store knows a later (amended) instant, waits for that one. */
  async function milestone(name: DeadlineName, run: (at: string) => Promise<MilestoneOutcome>): Promise<void> {
    for (;;) {
      await waitUntil(() => deadlines[name]);
      const result = await run(new Date().toISOString());
      if (result.outcome !== 'not-yet') return;
      deadlines[name] = result.deadline;
    }
  }

  async function startsAndGrace(): Promise<void> {
    phase = 'waiting-for-start-deadline';
    await milestone('startDeadline', (at) => activities.closePoolForStarts({ poolId, at }));
    phase = 'in-reporting-grace';
    await milestone('reportingGraceEnds', (at) => activities.endReportingGrace({ poolId, at }));
    phase = 'closed-for-starts';
  }

  /** Each run is a workflow of its own: it may wait days for finance, while the next month's run starts on time. */
  async function payoutRuns(): Promise<void> {
    for (const run of [...(input.payoutRuns ?? [])].sort((a, b) => Date.parse(a.at) - Date.parse(b.at))) {
      await waitUntil(() => run.at);
      await startChild(payoutRunWorkflow, {
        workflowId: payoutRunWorkflowId(poolId, run.runDate),
        args: [{ poolId, runDate: run.runDate }],
        parentClosePolicy: ParentClosePolicy.ABANDON,
      });
      payoutRunsStarted.push(run.runDate);
    }
  }

  await waitUntil(() => deadlines.interestDeadline);
  const allocation = await activities.allocatePool({ poolId, at: new Date().toISOString() });
  log.info('pool allocated', { poolId, outcome: allocation.outcome, lapsedOre: allocation.lapsedOre });

  await Promise.all([startsAndGrace(), payoutRuns()]);
  if (input.closesAt) {
    const closesAt = input.closesAt;
    await waitUntil(() => closesAt);
    await activities.closePool({ poolId, at: new Date().toISOString() });
    closed = true;
  }
}
