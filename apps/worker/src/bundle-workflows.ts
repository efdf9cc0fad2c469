// `npm run build` runs this (from the source, through swc): the workflow bundle, made once at build time so a worker
// started from the build loads it instead of bundling workflows/ on every start. Usage: bundle-workflows.ts <out.js>
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { workflowBundleOptions } from './worker';

async function main(out: string | undefined) {
  if (!out) throw new Error('usage: bundle-workflows.ts <out.js>');
  const { code } = await bundleWorkflowCode({ ...workflowBundleOptions, logger: new DefaultLogger('WARN') });
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, code);
  console.log(`workflow bundle: ${path.relative(process.cwd(), out)} (${Math.round(code.length / 1024)} KiB)`);
}

main(process.argv[2]).catch((err) => {
  console.error(`bundle-workflows: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
