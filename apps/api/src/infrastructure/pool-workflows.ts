import { Client, WorkflowExecutionAlreadyStartedError, WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/client';
import type { EventStore } from '@puljeflow/event-store';
import { TASK_QUEUE, poolWorkflowId, type PoolWorkflowInput } from '@puljeflow/workflows';
import { copenhagenInstant, type PoolDefinition } from '@puljeflow/domain';

/** Starts the pool's workflow; the workflow id is the pool's, so starting it twice is harmless. */
export async function startPoolWorkflow(client: Client, definition: PoolDefinition): Promise<void> {
  const { interestDeadline, startDeadline, reportingGraceEnds, payoutRunDates, closesAt } = definition.calendar;
  // A run opens at 08:00 Copenhagen time on its date (the last banking day of the month), so finance can prepare it that day.
  const payoutRuns = payoutRunDates.map((runDate) => ({ runDate, at: copenhagenInstant(runDate, '08:00').toISOString() }));
  const input: PoolWorkflowInput = { poolId: definition.poolId, interestDeadline, startDeadline, reportingGraceEnds, payoutRuns, closesAt };
  try {
    await client.workflow.start('poolWorkflow', {
      workflowId: poolWorkflowId(definition.poolId),
      taskQueue: TASK_QUEUE,
      args: [input],
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      // A pool's workflow that has finished is not run again.
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}

/** Every opened pool has its workflow (run by each api process at start: a pool opened while Temporal was away catches up). */
export async function ensurePoolWorkflows(store: EventStore, client: Client): Promise<number> {
  const { rows } = await store.pool.query<{ data: { definition: PoolDefinition } }>(
    "SELECT data FROM events WHERE type = 'PoolOpened' ORDER BY global_position",
  );
  // A pool whose calendar has ended before it was ever run (a historical pool, loaded as concluded) gets none: its
  // workflow would only open payout runs of years gone by and leave them waiting.
  const now = new Date();
  const running = rows.filter((row) => Date.parse(row.data.definition.calendar.closesAt) > now.getTime());
  for (const row of running) await startPoolWorkflow(client, row.data.definition);
  return running.length;
}
