import { condition, log, proxyActivities, setHandler } from '@temporalio/workflow';
import type { MilestoneOutcome, PoolActivities } from './activities';
import { deadlinesAmendedSignal, poolStatusQuery, type PoolPhase, type PoolWorkflowInput } from './pool.contract';

const activities = proxyActivities<PoolActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

type DeadlineName = keyof Omit<PoolWorkflowInput, 'poolId'>;

/**
 * One workflow per pool, id `pool-<poolId>`: it owns the pool's calendar. At each deadline it calls an activity
 * that appends the deadline's events; the decisions themselves live in libs/domain.
 */
export async function poolWorkflow(input: PoolWorkflowInput): Promise<void> {
  const { poolId, ...initial } = input;
  const deadlines: Omit<PoolWorkflowInput, 'poolId'> = { ...initial };
  let amendments = 0;
  let phase: PoolPhase = 'waiting-for-interest-deadline';
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
    return { poolId, phase, nextDeadline: next ? { name: next, at: deadlines[next] } : null, deadlines: { ...deadlines } };
  });

  /** Sleeps until a deadline; an amendment (signal) wakes it to read the instant again, so the wait moves with it. */
  async function waitFor(name: DeadlineName): Promise<void> {
    for (;;) {
      const remaining = Date.parse(deadlines[name]) - Date.now();
      if (remaining <= 0) return;
      const seen = amendments;
      await condition(() => amendments !== seen, remaining);
    }
  }

  /** Waits for a deadline and runs its activity; if the store knows a later (amended) instant, waits for that one. */
  async function milestone(name: DeadlineName, run: (at: string) => Promise<MilestoneOutcome>): Promise<void> {
    for (;;) {
      await waitFor(name);
      const result = await run(new Date().toISOString());
      if (result.outcome !== 'not-yet') return;
      deadlines[name] = result.deadline;
    }
  }

  await waitFor('interestDeadline');
  const allocation = await activities.allocatePool({ poolId, at: new Date().toISOString() });
  log.info('pool allocated', { poolId, outcome: allocation.outcome, lapsedOre: allocation.lapsedOre });

  phase = 'waiting-for-start-deadline';
  await milestone('startDeadline', (at) => activities.closePoolForStarts({ poolId, at }));
  phase = 'in-reporting-grace';
  await milestone('reportingGraceEnds', (at) => activities.endReportingGrace({ poolId, at }));
  phase = 'closed-for-starts';
}
