import { defineQuery, defineSignal } from '@temporalio/workflow';

/** Input of a pool's workflow: absolute instants from the pool definition, never durations (STYLE.md). */
export interface PoolWorkflowInput {
  poolId: string;
  interestDeadline: string;
  /** Exclusive: the pool closes for starts at this instant (end of 31 Dec 2020 Copenhagen for mangelpulje-2019). */
  startDeadline: string;
  /** After this instant every start report is rejected. */
  reportingGraceEnds: string;
}

export type PoolPhase = 'waiting-for-interest-deadline' | 'waiting-for-start-deadline' | 'in-reporting-grace' | 'closed-for-starts';

export interface PoolWorkflowStatus {
  poolId: string;
  phase: PoolPhase;
  nextDeadline: { name: string; at: string } | null;
  deadlines: Omit<PoolWorkflowInput, 'poolId'>;
}

export const poolStatusQuery = defineQuery<PoolWorkflowStatus>('status');
/** Sent when an amendment event moved a deadline of the running pool (the workflow follows without a restart). */
export const deadlinesAmendedSignal = defineSignal<[Partial<Omit<PoolWorkflowInput, 'poolId'>>]>('deadlinesAmended');

/** Business ids as workflow ids, so starting a pool's workflow twice is harmless. */
export const poolWorkflowId = (poolId: string) => `pool-${poolId}`;
