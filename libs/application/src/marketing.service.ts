import { decideMarketing, evolveMarketing, initialMarketingState, marketingStreamId, type MarketingEvent, type MarketingState } from '@puljeflow/domain';
import type { EventStore } from '@puljeflow/event-store';
import { CommandHandler, toOutcome } from './command-handler';
import { loadPool } from './loaders';
import type { Outcome } from './streams';

const handleMarketing = CommandHandler<MarketingState, MarketingEvent>({ evolve: evolveMarketing, initialState: initialMarketingState });

/** docs/domain.md §9: the agency's own marketing spending, on a line of its own that is never allocated. */
export class MarketingService {
  constructor(private readonly store: EventStore) {}

  async record(poolId: string, spending: { spendingId: string; amountOre: number; spentOn: string; description: string }, by: string, at: Date): Promise<Outcome> {
    const handled = await handleMarketing(this.store, marketingStreamId(poolId), async (state) => {
      const pool = await loadPool(this.store, poolId);
      return decideMarketing({ type: 'RecordMarketingSpending', data: { poolId, ...spending, recordedBy: by, at, pool: pool.state } }, state);
    });
    return toOutcome(handled);
  }
}
