import { defineQuery, defineSignal } from '@temporalio/workflow';

/** A payout run (udbetalingskørsel) of a pool on one of its run dates; workflow id `payout-<poolId>-<runDate>`. */
export interface PayoutRunInput {
  poolId: string;
  runDate: string;
}

export type PayoutRunPhase = 'waiting-for-release' | 'paying' | 'completed';

export interface PayoutRunStatus {
  poolId: string;
  runDate: string;
  phase: PayoutRunPhase;
  paid: number;
  lines: number;
}

export const payoutRunStatusQuery = defineQuery<PayoutRunStatus>('status');
/** Sent by the api after the second finance officer released the run (four-eyes). */
export const runReleasedSignal = defineSignal('runReleased');

export const payoutRunWorkflowId = (poolId: string, runDate: string) => `payout-${poolId}-${runDate}`;
