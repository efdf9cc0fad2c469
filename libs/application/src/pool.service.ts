import {
  decidePool,
  evolvePool,
  initialPoolState,
  type PoolDefinition,
  type PoolEvent,
  type PoolState,
} from '@puljeflow/domain';
import { type EventStore, type EventStoreTransaction, retryOnConflict } from '@puljeflow/event-store';
import { streams } from './streams';

type Reader = Pick<EventStoreTransaction, 'readStream'>;

export async function loadPool(reader: Reader, poolId: string): Promise<{ state: PoolState; version: number }> {
  const { events, version } = await reader.readStream(streams.pool(poolId));
  const state = events.reduce((s, e) => evolvePool(s, { type: e.type, data: e.data } as PoolEvent), initialPoolState);
  return { state, version };
}

/** Opening pools and running their allocation: the pool stream is the consistency boundary of interest and allocation. */
export class PoolService {
  constructor(private readonly store: EventStore) {}

  /** Opens a pool from its definition (udmelding); opening an already open pool changes nothing. */
  async open(definition: PoolDefinition): Promise<{ opened: boolean }> {
    return retryOnConflict(async () => {
      const { state, version } = await loadPool(this.store, definition.poolId);
      const decision = decidePool({ type: 'OpenPool', data: { definition } }, state);
      if (!decision.ok) return { opened: false };
      await this.store.append(streams.pool(definition.poolId), decision.events, { expectedVersion: version });
      return { opened: true };
    });
  }

  /** Allocation at the interest deadline (DOMAIN.md §3); `at` is the workflow's time. Running it twice is harmless. */
  async allocate(poolId: string, at: Date): Promise<{ outcome: 'allocated' | 'already-allocated'; lapsedOre: number }> {
    return retryOnConflict(async () => {
      const { state, version } = await loadPool(this.store, poolId);
      const decision = decidePool({ type: 'Allocate', data: { at } }, state);
      if (!decision.ok) {
        if (decision.reasons.some((r) => r.code === 'ALREADY_ALLOCATED')) {
          return { outcome: 'already-allocated' as const, lapsedOre: state.allocation?.lapsedOre ?? 0 };
        }
        throw new Error(`allocation of ${poolId} refused: ${decision.reasons.map((r) => `${r.code}: ${r.message}`).join('; ')}`);
      }
      await this.store.append(streams.pool(poolId), decision.events, { expectedVersion: version });
      const made = decision.events.find((e) => e.type === 'AllocationMade');
      return { outcome: 'allocated' as const, lapsedOre: made?.type === 'AllocationMade' ? made.data.lapsedOre : 0 };
    });
  }
}
