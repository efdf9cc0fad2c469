import { proxyActivities } from '@temporalio/workflow';
import type { ImportActivities } from './activities';

const { processImportChunk, finishImport } = proxyActivities<ImportActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', backoffCoefficient: 2 },
});

/** The chunk size: small enough that a retried chunk redoes little, large enough to keep the history short. */
const CHUNK = 2_000;

/** A bulk import (`import-<importId>`): decides the file's lines chunk by chunk; a restart of anything resumes it. */
export async function importWorkflow(input: { importId: string }): Promise<void> {
  let index = 0;
  for (;;) {
    const { nextIndex, done } = await processImportChunk({ importId: input.importId, fromIndex: index, maxLines: CHUNK });
    index = nextIndex;
    if (done) break;
  }
  await finishImport(input);
}
