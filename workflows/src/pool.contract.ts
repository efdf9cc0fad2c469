import { defineQuery, defineSignal } from '@temporalio/workflow';

/** Input of a pool's workflow: absolute instants from the pool definition, never durations (docs/style.md). */
export interface PoolWorkflowInput {
  poolId: string;
  interestDeadline: string;
  /** Exclusive: the pool closes for starts at this instant (end of 31 Dec 2020 Copenhagen for mangelpulje-2019). */
  startDeadline: string;
  /** After this instant every start report is rejected. */
  reportingGraceEnds: string;
  /** The payout runs of the pool's calendar: each run date with the instant its run opens. */
  payoutRuns?: { runDate: string; at: string }[];
  /** The pool closes: what is left of every commitment lapses. */
  closesAt?: string;
}

export type PoolPhase = 'waiting-for-interest-deadline' | 'waiting-for-start-deadline' | 'in-reporting-grace' | 'closed-for-starts';

export interface PoolWorkflowStatus {
  poolId: string;
  phase: PoolPhase;
  nextDeadline: { name: string; at: string } | null;
  deadlines: Pick<PoolWorkflowInput, 'interestDeadline' | 'startDeadline' | 'reportingGraceEnds'>;
  payoutRunsStarted: string[];
  closed: boolean;
}

export const poolStatusQuery = defineQuery<PoolWorkflowStatus>('status');
/** Sent when an amendment event moved a deadline of the running pool (the workflow follows without a restart). */
export const deadlinesAmendedSignal = defineSignal<[Partial<Pick<PoolWorkflowInput, 'interestDeadline' | 'startDeadline' | 'reportingGraceEnds'>>]>('deadlinesAmended');

/** Business ids as workflow ids, so starting a pool's workflow twice is harmless. */
export const poolWorkflowId = (poolId: string) => `pool-${poolId}`;
