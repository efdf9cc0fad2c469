// A pool whose life is over (its closing instant has passed) is loaded as it ended, not run: its deadlines are decided
// at their own historical instants (allocation, close for starts, end of the reporting grace, closing), so its figures
// are readable and no workflow is left waiting for payout runs of years gone by.
import type { PoolService } from '@puljeflow/application';
import { parseInstant, type PoolDefinition } from '@puljeflow/domain';

/** Replays the calendar of an ended pool through the same decisions its workflow would have made; repeating is harmless. */
export async function concludeHistoricalPool(pools: PoolService, definition: PoolDefinition): Promise<void> {
  const { poolId, calendar } = definition;
  await pools.allocate(poolId, parseInstant(calendar.interestDeadline));
  await pools.closeForStarts(poolId, parseInstant(calendar.startDeadline));
  await pools.endReportingGrace(poolId, parseInstant(calendar.reportingGraceEnds));
  await pools.closePool(poolId, parseInstant(calendar.closesAt));
}
