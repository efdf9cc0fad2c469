import path from 'node:path';
import { NativeConnection, Worker } from '@temporalio/worker';
import { TASK_QUEUE, workflowsPath, type ImportActivities, type PayoutActivities, type PoolActivities } from '@puljeflow/workflows';

const repoRoot = path.resolve(__dirname, '../../..');

/** Creates the Temporal worker: workflow code bundled from workflows/, activities given by the caller. */
export async function createWorker(options: { connection: NativeConnection; namespace: string; activities: PoolActivities & PayoutActivities & ImportActivities; taskQueue?: string }) {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue ?? TASK_QUEUE,
    workflowsPath,
    activities: options.activities,
    bundlerOptions: {
      // Workflow code may use the pure domain (docs/style.md: workflows → libs/domain); teach the bundler our alias.
      webpackConfigHook: (config) => {
        config.resolve = config.resolve ?? {};
        config.resolve.alias = { ...(config.resolve.alias as object), '@puljeflow/domain': path.join(repoRoot, 'libs/domain/src/index.ts') };
        return config;
      },
    },
  });
}
