// What clients (api, worker, tests) import: names, types, signals and queries, but no workflow implementation.
export { TASK_QUEUE } from './activities';
export type { MilestoneOutcome, PoolActivities } from './activities';
export * from './pool.contract';
export const workflowsPath = require.resolve('./index');
