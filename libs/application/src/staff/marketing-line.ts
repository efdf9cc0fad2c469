import { evolveMarketing, evolvePool, initialMarketingState, initialPoolState, marketingStreamId, poolStreamId, type MarketingEvent, type MarketingState, type PoolEvent, type PoolState } from '@puljeflow/domain';
import type { EventStore } from '@puljeflow/event-store';
import { foldAsOf } from './as-of';

/** The marketing line read back as it was at `asOf` (docs/domain.md §9): its limit, what was spent, what remains, and each spending with by whom and when. */
export async function describeMarketingLine(store: EventStore, poolId: string, asOf: Date) {
  const [pool, line] = await Promise.all([
    foldAsOf<PoolState, PoolEvent>(store, poolStreamId(poolId), evolvePool, initialPoolState, asOf),
    foldAsOf<MarketingState, MarketingEvent>(store, marketingStreamId(poolId), evolveMarketing, initialMarketingState, asOf),
  ]);
  if (pool.status === 'not-opened') return null;
  const limitOre = pool.definition.money.marketingOre;
  return {
    poolId,
    asOf: asOf.toISOString(),
    limitOre,
    spentOre: line.spentOre,
    remainingOre: Math.max(0, limitOre - line.spentOre),
    spendings: line.spendings.map((s) => ({
      spendingId: s.spendingId,
      amountOre: s.amountOre,
      spentOn: s.spentOn,
      description: s.description,
      recordedBy: s.recordedBy,
      recordedAt: s.recordedAt.toISOString(),
    })),
  };
}
