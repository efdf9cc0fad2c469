import type { PoolService } from '@puljeflow/application';
import type { PoolActivities } from '@puljeflow/workflows';

/** The activity implementations: thin glue from a workflow's call to an application service that appends events. */
export function createActivities(deps: { pools: PoolService }): PoolActivities {
  return {
    async allocatePool({ poolId, at }) {
      return deps.pools.allocate(poolId, new Date(at));
    },
  };
}
