import { existsSync } from 'node:fs';
import path from 'node:path';
import { NativeConnection, Worker, type BundleOptions } from '@temporalio/worker';
import { TASK_QUEUE, workflowsPath, type ImportActivities, type PayoutActivities, type PoolActivities } from '@puljeflow/workflows';

const repoRoot = path.resolve(__dirname, '../../..');

/** Where `npm run build` writes the workflow bundle, beside the compiled worker (dist/apps/worker/); absent in the
 * source tree, where the worker bundles workflows/ itself on start. */
export const PREBUILT_WORKFLOW_BUNDLE = path.join(__dirname, '..', 'workflow-bundle.js');

/** How workflow code is bundled, at build time and on a developer's start alike. */
export const workflowBundleOptions: Pick<BundleOptions, 'workflowsPath' | 'webpackConfigHook'> = {
  workflowsPath,
  // Workflow code may use the pure domain (docs/style.md: workflows → libs/domain); teach the bundler our alias.
  webpackConfigHook: (config) => {
    config.resolve = config.resolve ?? {};
    config.resolve.alias = { ...(config.resolve.alias as object), '@puljeflow/domain': path.join(repoRoot, 'libs/domain/src/index.ts') };
    return config;
  },
};

/** The workflow code the worker runs: the build's prebuilt bundle when there is one, else bundled from workflows/. */
export function workflowCode(prebuilt = PREBUILT_WORKFLOW_BUNDLE) {
  if (existsSync(prebuilt)) return { source: 'prebuilt bundle', codePath: prebuilt, options: { workflowBundle: { codePath: prebuilt } } } as const;
  const { workflowsPath: from, webpackConfigHook } = workflowBundleOptions;
  return { source: 'bundled on start', codePath: from, options: { workflowsPath: from, bundlerOptions: { webpackConfigHook } } } as const;
}

/** Creates the Temporal worker: workflow code from the build or bundled from workflows/, activities given by the caller. */
export async function createWorker(options: { connection: NativeConnection; namespace: string; activities: PoolActivities & PayoutActivities & ImportActivities; taskQueue?: string }) {
  const code = workflowCode();
  console.log(JSON.stringify({ msg: 'workflow code', source: code.source, path: path.relative(process.cwd(), code.codePath) }));
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue ?? TASK_QUEUE,
    ...code.options,
    activities: options.activities,
  });
}
