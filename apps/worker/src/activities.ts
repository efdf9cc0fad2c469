import type { PoolService } from '@puljeflow/application';
import type { PoolActivities } from '@puljeflow/workflows';

/** The activity implementations: thin glue from a workflow's call to an application service that appends events. */
export function createActivities(deps: { pools: PoolService }): PoolActivities {
  return {
    allocatePool: ({ poolId, at }) => deps.pools.allocate(poolId, new Date(at)),
    closePoolForStarts: ({ poolId, at }) => deps.pools.closeForStarts(poolId, new Date(at)),
    endReportingGrace: ({ poolId, at }) => deps.pools.endReportingGrace(poolId, new Date(at)),
  };
}
