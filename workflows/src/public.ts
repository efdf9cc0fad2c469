// What clients (api, worker, tests) import: names, types, signals and queries, but no workflow implementation.
export { TASK_QUEUE } from './activities';
export type { ImportActivities, MilestoneOutcome, PayoutActivities, PoolActivities } from './activities';
export * from './pool.contract';
export const workflowsPath = require.resolve('./index');
export * from './payout.contract';
export const importWorkflowId = (importId: string) => `import-${importId}`;
