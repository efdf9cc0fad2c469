import { evolvePool, initialPoolState, poolStreamId, type PoolDefinition, type PoolEvent } from '@puljeflow/domain';
import type { EventStore } from '@puljeflow/event-store';

export interface PoolSummary {
  poolId: string;
  name: string;
  status: string;
  definitionVersion: number;
  amendments: number;
  commitmentsOre: number;
  allocatedAt: string | null;
  lapsedOre: number | null;
  startsClosedAt: string | null;
  graceEndedAt: string | null;
  calendar: Record<string, unknown>;
}

/** A pool as it was at an instant with its whole public definition (as amended then), for `GET /api/v1/pools/{poolId}`. */
export async function readPool(store: EventStore, poolId: string, asOf: Date): Promise<(PoolSummary & { definition: PoolDefinition }) | null> {
  return folded(store, poolId, asOf, (summary, definition) => ({ ...summary, definition }));
}

/** A pool as it was at an instant, folded from its stream with the domain's evolve (the calendar as amended then). */
export async function readPoolSummary(store: EventStore, poolId: string, asOf: Date): Promise<PoolSummary | null> {
  return folded(store, poolId, asOf, (summary) => summary);
}

async function folded<T>(store: EventStore, poolId: string, asOf: Date, answer: (summary: PoolSummary, definition: PoolDefinition) => T): Promise<T | null> {
  const { events } = await store.readStream(poolStreamId(poolId), { asOf });
  const state = events.reduce((s, e) => evolvePool(s, { type: e.type, data: e.data } as PoolEvent), initialPoolState);
  if (state.status === 'not-opened') return null;
  const allocated = events.find((e) => e.type === 'AllocationMade');
  return answer(
    {
      poolId,
      name: state.definition.name,
      status: state.status,
      definitionVersion: state.definition.version,
      amendments: state.amendments,
      commitmentsOre: state.definition.money.commitmentsOre,
      allocatedAt: allocated?.recordedAt.toISOString() ?? null,
      lapsedOre: state.status === 'allocated' ? state.allocation.lapsedOre : null,
      startsClosedAt: state.startsClosedAt?.toISOString() ?? null,
      graceEndedAt: state.graceEndedAt?.toISOString() ?? null,
      calendar: state.definition.calendar as Record<string, unknown>,
    },
    state.definition,
  );
}

/** The pools opened at or before an instant. */
export async function readPoolSummaries(store: EventStore, asOf: Date): Promise<PoolSummary[]> {
  const { rows } = await store.pool.query<{ pool_id: string }>(
    `SELECT data->>'poolId' AS pool_id FROM events WHERE type = 'PoolOpened' AND recorded_at < $1::timestamptz + interval '1 millisecond' ORDER BY global_position`,
    [asOf],
  );
  const pools = await Promise.all(rows.map((r) => readPoolSummary(store, r.pool_id, asOf)));
  return pools.filter((p): p is PoolSummary => p !== null);
}
