import { condition, log, proxyActivities, setHandler } from '@temporalio/workflow';
import type { PoolActivities } from './activities';
import { deadlinesAmendedSignal, poolStatusQuery, type PoolWorkflowInput, type PoolWorkflowStatus } from './pool.contract';

const { allocatePool } = proxyActivities<PoolActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

/** One workflow per pool, id `pool-<poolId>`: it owns the pool's calendar and runs what each deadline triggers. */
export async function poolWorkflow(input: PoolWorkflowInput): Promise<void> {
  const deadlines = { ...input };
  let amendments = 0;
  let phase: PoolWorkflowStatus['phase'] = 'waiting-for-interest-deadline';

  setHandler(deadlinesAmendedSignal, (changes) => {
    Object.assign(deadlines, changes);
    amendments += 1;
  });
  setHandler(poolStatusQuery, () => ({
    poolId: input.poolId,
    phase,
    nextDeadline: phase === 'waiting-for-interest-deadline' ? { name: 'interestDeadline', at: deadlines.interestDeadline } : null,
  }));

  /**
   * Sleeps until an absolute instant of the calendar. The instant is read again after each amendment, so a signal
   * that moves a deadline moves the wait without restarting the workflow.
   */
  async function waitUntil(instant: () => string): Promise<void> {
    for (;;) {
      const remaining = Date.parse(instant()) - Date.now();
      if (remaining <= 0) return;
      const seen = amendments;
      await condition(() => amendments !== seen, remaining);
    }
  }

  await waitUntil(() => deadlines.interestDeadline);
  phase = 'allocating';
  const result = await allocatePool({ poolId: input.poolId, at: new Date().toISOString() });
  log.info('pool allocated', { poolId: input.poolId, outcome: result.outcome, lapsedOre: result.lapsedOre });
  phase = 'allocated';
}
