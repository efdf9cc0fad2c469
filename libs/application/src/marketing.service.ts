import { decideMarketing, evolveMarketing, initialMarketingState, marketingStreamId, type MarketingEvent } from '@puljeflow/domain';
import { retryOnConflict, type EventStore } from '@puljeflow/event-store';
import { loadPool } from './pool.service';
import type { Outcome } from './streams';

/** docs/domain.md §9: the agency's own marketing spending, on a line of its own that is never allocated. */
export class MarketingService {
  constructor(private readonly store: EventStore) {}

  record(poolId: string, spending: { spendingId: string; amountOre: number; spentOn: string; description: string }, by: string, at: Date): Promise<Outcome> {
    return retryOnConflict(async () => {
      const pool = await loadPool(this.store, poolId);
      const { events, version } = await this.store.readStream(marketingStreamId(poolId));
      const state = events.reduce((s, e) => evolveMarketing(s, { type: e.type, data: e.data } as MarketingEvent), initialMarketingState);
      const decision = decideMarketing({ type: 'RecordMarketingSpending', data: { poolId, ...spending, recordedBy: by, at, pool: pool.state } }, state);
      if (!decision.ok) return { ok: false as const, reasons: decision.reasons };
      const result = await this.store.append(marketingStreamId(poolId), decision.events, { expectedVersion: version });
      return { ok: true as const, position: result.positions[0] ?? '' };
    });
  }
}
