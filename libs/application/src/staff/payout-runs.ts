import { evolvePayoutRun, initialPayoutRunState, payoutRunStreamId, type PayoutRunEvent, type PayoutRunState } from '@puljeflow/domain';
import type { EventStore } from '@puljeflow/event-store';
import { foldAsOf } from './as-of';

/** A payout run for people, as it was at `asOf`: its status, who prepared and released it, and its lines with when each was paid. */
export async function describePayoutRun(store: EventStore, poolId: string, runDate: string, asOf: Date) {
  const state = await foldAsOf<PayoutRunState, PayoutRunEvent>(store, payoutRunStreamId(poolId, runDate), evolvePayoutRun, initialPayoutRunState, asOf);
  if (state.status === 'none') return { poolId, runDate, status: state.status, lines: [], totalOre: 0 };
  const { rows } = await store.pool.query<{ reference: string; recorded_at: Date }>(
    'SELECT reference, recorded_at FROM payments WHERE pool_id = $1 AND run_date = $2 AND recorded_at <= $3',
    [poolId, runDate, asOf],
  );
  const paid = new Map(rows.map((r) => [r.reference, r.recorded_at.toISOString()]));
  return {
    poolId,
    runDate,
    status: state.status,
    preparedBy: state.preparedBy,
    releasedBy: state.status === 'prepared' ? null : state.releasedBy,
    totalOre: state.totalOre,
    lines: state.lines.map((l) => ({ ...l, paidAt: paid.get(l.reference) ?? null })),
  };
}
