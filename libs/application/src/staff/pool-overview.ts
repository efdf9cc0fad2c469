import { commitmentStreamId, evolvePool, initialPoolState, poolStreamId, type CommitmentEvent, type PoolEvent } from '@puljeflow/domain';
import type { EventStore } from '@puljeflow/event-store';
import { readPoolSummary } from '../pool-summary';

type CommitmentColumns = {
  committedOre: number;
  commitmentStatus: 'none' | 'prepared' | 'issued';
  preparedAmountOre: number | null;
  preparedBy: string | null;
  issuedBy: string | null;
};

/** A commitment's columns of the overview, evolved from its events as the standing projection does. */
const evolveColumns = (columns: CommitmentColumns, event: CommitmentEvent): CommitmentColumns => {
  switch (event.type) {
    case 'CommitmentPrepared':
      return { ...columns, commitmentStatus: 'prepared', preparedAmountOre: event.data.amountOre, preparedBy: event.data.preparedBy };
    case 'CommitmentIssued':
      return { ...columns, commitmentStatus: 'issued', committedOre: event.data.amountOre, issuedBy: event.data.approvedBy };
    case 'CommitmentReduced':
      return { ...columns, committedOre: event.data.newAmountOre };
    default:
      return columns;
  }
};

const NO_COMMITMENT: CommitmentColumns = { committedOre: 0, commitmentStatus: 'none', preparedAmountOre: null, preparedBy: null, issuedBy: null };

/**
 * The back-office overview of a pool as it was at `asOf`, folded from the pool's and its commitments' streams: the
 * same figures the read model holds for now. Municipality names are the caller's (reference data). Null for no pool.
 */
export async function readPoolOverviewAsOf(store: EventStore, poolId: string, asOf: Date) {
  const summary = await readPoolSummary(store, poolId, asOf);
  if (!summary) return null;
  const { events } = await store.readStream(poolStreamId(poolId), { asOf });
  const pool = events.reduce((s, e) => evolvePool(s, { type: e.type, data: e.data } as PoolEvent), initialPoolState);
  const shares = pool.status === 'allocated' ? pool.allocation.allocations : [];
  const interests = pool.status === 'not-opened' ? {} : pool.interests;
  const codes = [...new Set([...Object.keys(interests), ...shares.map((a) => a.municipalityCode)])].sort();
  const municipalities = await Promise.all(
    codes.map(async (municipalityCode) => {
      const { events: commitment } = await store.readStream(commitmentStreamId(poolId, municipalityCode), { asOf });
      const columns = commitment.reduce((c, e) => evolveColumns(c, { type: e.type, data: e.data } as CommitmentEvent), NO_COMMITMENT);
      const share = shares.find((a) => a.municipalityCode === municipalityCode);
      return {
        municipalityCode,
        requestedOre: interests[municipalityCode]?.requestedAmountOre ?? share?.requestedOre ?? 0,
        allocatedOre: pool.status === 'allocated' ? (share?.allocatedOre ?? 0) : null,
        ...columns,
      };
    }),
  );
  return { pool: { ...summary, interestDeadline: summary.calendar['interestDeadline'] }, municipalities };
}
