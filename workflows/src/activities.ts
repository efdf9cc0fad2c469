/**
 * The activities workflows call. Declared here as types only (workflow code must not import their implementation);
 * apps/worker wires the implementation from libs.
 */
export interface PoolActivities {
  /** Runs the pool's allocation at the interest deadline; `at` is the workflow's time, which owns the deadline. */
  allocatePool(input: { poolId: string; at: string }): Promise<{ outcome: 'allocated' | 'already-allocated'; lapsedOre: number }>;
}

export const TASK_QUEUE = 'puljeflow';
