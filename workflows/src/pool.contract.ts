import { defineQuery, defineSignal } from '@temporalio/workflow';

/** Input of a pool's workflow: absolute instants from the pool definition, never durations (STYLE.md). */
export interface PoolWorkflowInput {
  poolId: string;
  interestDeadline: string;
}

export interface PoolWorkflowStatus {
  poolId: string;
  phase: 'waiting-for-interest-deadline' | 'allocating' | 'allocated';
  nextDeadline: { name: string; at: string } | null;
}

export const poolStatusQuery = defineQuery<PoolWorkflowStatus>('status');
/** Sent when an amendment event moved a deadline of the running pool (the workflow follows without a restart). */
export const deadlinesAmendedSignal = defineSignal<[Partial<Omit<PoolWorkflowInput, 'poolId'>>]>('deadlinesAmended');

/** Business ids as workflow ids, so starting a pool's workflow twice is harmless. */
export const poolWorkflowId = (poolId: string) => `pool-${poolId}`;
