import {
  decideLedger,
  evolveLedger,
  evolvePayoutRun,
  initialLedgerState,
  initialPayoutRunState,
  ledgerStreamId,
  payoutRunStreamId,
  type LedgerEvent,
  type LedgerState,
  type PayoutRunEvent,
  type PayoutRunState,
} from '@puljeflow/domain';
import type { EventStore } from '@puljeflow/event-store';
import { readPool } from '../pool-summary';
import { foldAsOf } from './as-of';

type LineState = 'unpaid' | 'paid' | 'failed';

/**
 * Why the ledger refused a line the run completed unpaid: the payment decided again on the ledger as it was when the
 * run completed — the same decision the payment step made, so the same reasons.
 */
async function whyUnpaid(store: EventStore, poolId: string, runDate: string, line: { municipalityCode: string; reference: string; amountOre: number; claimIds: string[] }, completedAt: Date): Promise<string> {
  const ledger = await foldAsOf<LedgerState, LedgerEvent>(store, ledgerStreamId(poolId, line.municipalityCode), evolveLedger, initialLedgerState, completedAt);
  const decision = decideLedger({ type: 'RecordPayment', data: { reference: line.reference, runDate, amountOre: line.amountOre, claimIds: line.claimIds, at: completedAt } }, ledger);
  return decision.ok ? 'Not paid before the run completed.' : decision.reasons.map((r) => `${r.code}: ${r.message}`).join('; ');
}

/** A payout run for people, as it was at `asOf`: its status, who prepared and released it, and its lines with when each was paid, their state and last error. */
export async function describePayoutRun(store: EventStore, poolId: string, runDate: string, asOf: Date) {
  const state = await foldAsOf<PayoutRunState, PayoutRunEvent>(store, payoutRunStreamId(poolId, runDate), evolvePayoutRun, initialPayoutRunState, asOf);
  if (state.status === 'none') return { poolId, runDate, status: state.status, lines: [], totalOre: 0 };
  const { rows } = await store.pool.query<{ reference: string; recorded_at: Date }>(
    'SELECT reference, recorded_at FROM payments WHERE pool_id = $1 AND run_date = $2 AND recorded_at <= $3',
    [poolId, runDate, asOf],
  );
  const paid = new Map(rows.map((r) => [r.reference, r.recorded_at.toISOString()]));
  const lines = await Promise.all(
    state.lines.map(async (l) => {
      const paidAt = paid.get(l.reference) ?? null;
      const lineState: LineState = paidAt ? 'paid' : state.status === 'completed' ? 'failed' : 'unpaid';
      const lastError = lineState === 'failed' && state.status === 'completed' ? await whyUnpaid(store, poolId, runDate, l, state.completedAt) : null;
      return { ...l, paidAt, state: lineState, lastError };
    }),
  );
  return {
    poolId,
    runDate,
    status: state.status,
    preparedBy: state.preparedBy,
    releasedBy: state.status === 'prepared' ? null : state.releasedBy,
    totalOre: state.totalOre,
    lines,
  };
}

const RUN_STATE = { none: 'scheduled', prepared: 'prepared', released: 'released', completed: 'paid' } as const;

/** Every payout run of a pool's calendar (as amended by `asOf`) with its state and its lines counted; null for no pool. */
export async function listPayoutRuns(store: EventStore, poolId: string, asOf: Date) {
  const pool = await readPool(store, poolId, asOf);
  if (!pool) return null;
  const runs = await Promise.all(
    pool.definition.calendar.payoutRunDates.map(async (runDate) => {
      const run = await describePayoutRun(store, poolId, runDate, asOf);
      const count = (state: LineState) => run.lines.filter((l) => l.state === state).length;
      return {
        runDate,
        state: RUN_STATE[run.status],
        preparedBy: run.preparedBy ?? null,
        releasedBy: run.releasedBy ?? null,
        totalOre: run.totalOre,
        paidOre: run.lines.filter((l) => l.state === 'paid').reduce((sum, l) => sum + l.amountOre, 0),
        lines: { paid: count('paid'), unpaid: count('unpaid'), failed: count('failed') },
        failures: run.lines.filter((l) => l.state === 'failed').map((l) => ({ municipalityCode: l.municipalityCode, reference: l.reference, amountOre: l.amountOre, lastError: l.lastError ?? '' })),
      };
    }),
  );
  const sum = (pick: (run: (typeof runs)[number]) => number) => runs.reduce((total, run) => total + pick(run), 0);
  return {
    poolId,
    asOf: asOf.toISOString(),
    runs,
    totals: {
      totalOre: sum((r) => r.totalOre),
      paidOre: sum((r) => r.paidOre),
      lines: { paid: sum((r) => r.lines.paid), unpaid: sum((r) => r.lines.unpaid), failed: sum((r) => r.lines.failed) },
    },
  };
}
