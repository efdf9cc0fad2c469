import type { ImportService, MunicipalEventService, PaymentParties, PayoutService, PoolService } from '@puljeflow/application';
import type { PaymentPort } from '@puljeflow/payments';
import type { ImportActivities, PayoutActivities, PoolActivities } from '@puljeflow/workflows';
import { Context } from '@temporalio/activity';

export interface ActivityDeps {
  pools: PoolService;
  payouts: PayoutService;
  port: PaymentPort;
  parties: PaymentParties;
  imports: ImportService;
  events: MunicipalEventService;
}

/** The activity implementations: thin glue from a workflow's call to an application service that appends events. */
export function createActivities(deps: ActivityDeps): PoolActivities & PayoutActivities & ImportActivities {
  return {
    allocatePool: ({ poolId, at }) => deps.pools.allocate(poolId, new Date(at)),
    closePoolForStarts: ({ poolId, at }) => deps.pools.closeForStarts(poolId, new Date(at)),
    endReportingGrace: ({ poolId, at }) => deps.pools.endReportingGrace(poolId, new Date(at)),
    closePool: ({ poolId, at }) => deps.pools.closePool(poolId, new Date(at)),
    payoutRunState: ({ poolId, runDate }) => deps.payouts.state(poolId, runDate),
    async payLine({ poolId, runDate, reference, at }) {
      // A heartbeat tells Temporal this worker is alive; a killed worker's payment is retried elsewhere, safely.
      const heartbeat = setInterval(() => Context.current().heartbeat(), 1000);
      try {
        Context.current().heartbeat();
        const result = await deps.payouts.payLine(poolId, runDate, reference, deps.port, deps.parties, new Date(at));
        return { outcome: result.outcome };
      } finally {
        clearInterval(heartbeat);
      }
    },
    async processImportChunk({ importId, fromIndex, maxLines }) {
      let done = 0;
      return deps.imports.processChunk(importId, fromIndex, maxLines, deps.events, { onProgress: () => Context.current().heartbeat(++done) });
    },
    finishImport: ({ importId }) => deps.imports.finish(importId),
    async completePayoutRun({ poolId, runDate, at }) {
      const outcome = await deps.payouts.complete(poolId, runDate, new Date(at));
      if (!outcome.ok) throw new Error(`completing payout run ${poolId} ${runDate}: ${outcome.reasons.map((r) => r.message).join('; ')}`);
    },
  };
}
