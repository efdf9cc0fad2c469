/**
 * The activities workflows call. Declared here as types only (workflow code must not import their implementation);
 * apps/worker wires the implementation from libs.
 */

/** What a deadline's activity reports: done now, done before (harmless repeat), or the deadline has moved later. */
export type MilestoneOutcome = { outcome: 'done' | 'already-done' } | { outcome: 'not-yet'; deadline: string };

export interface PoolActivities {
  /** Runs the pool's allocation at the interest deadline; `at` is the workflow's time, which owns the deadline. */
  allocatePool(input: { poolId: string; at: string }): Promise<{ outcome: 'allocated' | 'already-allocated'; lapsedOre: number }>;
  /** Closes the pool for course starts at the (possibly amended) start deadline. */
  closePoolForStarts(input: { poolId: string; at: string }): Promise<MilestoneOutcome>;
  /** Ends the reporting grace for starts: after it every start report is rejected. */
  endReportingGrace(input: { poolId: string; at: string }): Promise<MilestoneOutcome>;
}

export const TASK_QUEUE = 'puljeflow';
