import {
  commitmentStreamId,
  evolveCommitment,
  evolveLedger,
  evolvePool,
  initialCommitmentState,
  initialLedgerState,
  initialPoolState,
  ledgerFigures,
  ledgerStreamId,
  poolStreamId,
  type CommitmentEvent,
  type LedgerEvent,
  type PoolEvent,
} from '@puljeflow/domain';
import type { EventStore } from '@puljeflow/event-store';

export interface Standing {
  poolId: string;
  municipalityCode: string;
  asOf: string;
  requestedOre: number;
  allocatedOre: number | null;
  committedOre: number;
  commitmentStatus: 'none' | 'prepared' | 'issued';
  expensesOre: number;
  claimedRefundOre: number;
  approvedRefundOre: number;
  paidOre: number;
  repaidOre: number;
  lapsedOre: number;
  remainingCommitmentOre: number;
  coursesStarted: number;
  coursesRejected: number;
  nextDeadlines: { name: string; at: string }[];
}

/**
 * A municipality's standing in a pool, folded from its streams with the domain's own evolve functions — the same
 * code for "now" and for any past instant, so a figure read `asOf` a time never changes afterwards.
 */
export async function readStanding(store: EventStore, poolId: string, municipalityCode: string, asOf: Date): Promise<Standing | null> {
  const options = { asOf };
  const [pool, commitment, ledger, courses] = await Promise.all([
    store.readStream(poolStreamId(poolId), options),
    store.readStream(commitmentStreamId(poolId, municipalityCode), options),
    store.readStream(ledgerStreamId(poolId, municipalityCode), options),
    courseCounts(store, poolId, municipalityCode, asOf),
  ]);
  const poolState = pool.events.reduce((s, e) => evolvePool(s, { type: e.type, data: e.data } as PoolEvent), initialPoolState);
  if (poolState.status === 'not-opened') return null;
  const commitmentState = commitment.events.reduce((s, e) => evolveCommitment(s, { type: e.type, data: e.data } as CommitmentEvent), initialCommitmentState);
  const ledgerState = ledger.events.reduce((s, e) => evolveLedger(s, { type: e.type, data: e.data } as LedgerEvent), initialLedgerState);
  const committedOre = commitmentState.status === 'issued' ? commitmentState.amountOre : 0;
  const figures = ledgerFigures(ledgerState, committedOre);
  const share = poolState.status === 'allocated' ? poolState.allocation.allocations.find((a) => a.municipalityCode === municipalityCode) : undefined;
  return {
    poolId,
    municipalityCode,
    asOf: asOf.toISOString(),
    requestedOre: poolState.interests[municipalityCode]?.requestedAmountOre ?? share?.requestedOre ?? 0,
    allocatedOre: poolState.status === 'allocated' ? (share?.allocatedOre ?? 0) : null,
    committedOre,
    commitmentStatus: commitmentState.status,
    expensesOre: figures.expensesOre,
    claimedRefundOre: figures.claimedRefundOre,
    approvedRefundOre: figures.approvedRefundOre,
    paidOre: figures.paidOre,
    repaidOre: figures.repaidOre,
    lapsedOre: figures.lapsedOre,
    remainingCommitmentOre: figures.remainingCommitmentOre,
    coursesStarted: courses.started,
    coursesRejected: courses.rejected,
    nextDeadlines: nextDeadlines(poolState.definition.calendar as Record<string, unknown>, asOf),
  };
}

/** Course decisions of a municipality in a pool up to an instant (course streams are per course, so count by type). */
async function courseCounts(store: EventStore, poolId: string, municipalityCode: string, asOf: Date) {
  const { rows } = await store.pool.query<{ started: string; rejected: string }>(
    `SELECT count(*) FILTER (WHERE type = 'CourseStarted') AS started, count(*) FILTER (WHERE type = 'CourseStartRejected') AS rejected
       FROM events
      WHERE stream_id LIKE $1 AND type IN ('CourseStarted', 'CourseStartRejected') AND data->>'poolId' = $2
        AND recorded_at < $3::timestamptz + interval '1 millisecond'`,
    [`course-${municipalityCode}-%`, poolId, asOf],
  );
  return { started: Number(rows[0]?.started ?? 0), rejected: Number(rows[0]?.rejected ?? 0) };
}

/** The next instants of a pool's calendar after `at`, soonest first. */
export function nextDeadlines(calendar: Record<string, unknown>, at: Date, count = 3): { name: string; at: string }[] {
  const all: { name: string; at: string }[] = [];
  for (const [name, value] of Object.entries(calendar)) {
    if (typeof value === 'string' && value.includes('T')) all.push({ name, at: value });
    else if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) if (typeof v === 'string' && v.includes('T')) all.push({ name: `${name}.${k}`, at: v });
    }
  }
  return all
    .filter((d) => Date.parse(d.at) > at.getTime())
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
    .slice(0, count);
}
