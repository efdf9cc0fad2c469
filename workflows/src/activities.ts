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
  /** Closes the pool at its last instant: what is left of each commitment lapses (bortfald). */
  closePool(input: { poolId: string; at: string }): Promise<{ lapsedOre: number }>;
}

export interface PayoutActivities {
  /** The run as the store has it: its status and, once prepared, the payment references of its lines. */
  payoutRunState(input: { poolId: string; runDate: string }): Promise<{ status: 'none' | 'prepared' | 'released' | 'completed'; references: string[] }>;
  /** Pays one line of a released run, once: the port and the database both refuse a second payment with its reference. */
  payLine(input: { poolId: string; runDate: string; reference: string; at: string }): Promise<{ outcome: 'paid' | 'already-paid' | 'refused' }>;
  /** Records that every line of the run was paid. */
  completePayoutRun(input: { poolId: string; runDate: string; at: string }): Promise<void>;
}

export interface ImportActivities {
  processImportChunk(input: { importId: string; fromIndex: number; maxLines: number }): Promise<{ nextIndex: number; done: boolean }>;
  finishImport(input: { importId: string }): Promise<void>;
}

export const TASK_QUEUE = 'puljeflow';
