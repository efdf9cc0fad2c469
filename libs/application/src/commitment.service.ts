import { fold } from './folded';
import {
  decideCommitment,
  evolveCommitment,
  initialCommitmentState,
  type CommitmentEvent,
  type CommitmentState,
} from '@puljeflow/domain';
import { type EventStore, type EventStoreTransaction, retryOnConflict } from '@puljeflow/event-store';
import { loadPool } from './pool.service';
import { streams, type Outcome } from './streams';

type Reader = Pick<EventStoreTransaction, 'readStream'>;

export async function loadCommitment(reader: Reader, poolId: string, code: string): Promise<{ state: CommitmentState; version: number }> {
  return fold<CommitmentState, CommitmentEvent>(reader, streams.commitment(poolId, code), evolveCommitment, initialCommitmentState);
}

export interface CommitmentRequest {
  poolId: string;
  municipalityCode: string;
  by: string;
  at: Date;
}

/**
 * Grant commitments (tilsagn): prepared by one staff member from the allocation, issued by another (four-eyes).
 * The decisions live in libs/domain; this reads the streams they need and appends what they decide.
 */
export class CommitmentService {
  constructor(private readonly store: EventStore) {}

  async prepare(request: CommitmentRequest & { amountOre?: number }): Promise<Outcome> {
    return retryOnConflict(async () => {
      const pool = await loadPool(this.store, request.poolId);
      const allocation = pool.state.allocation;
      if (!pool.state.definition) return rejected('UNKNOWN_POOL', `There is no pool ${request.poolId}.`);
      if (!allocation) return rejected('NOT_YET_ALLOCATED', `Pool ${request.poolId} has not been allocated yet; commitments follow the allocation.`);
      const share = allocation.allocations.find((a) => a.municipalityCode === request.municipalityCode);
      if (!share || share.allocatedOre === 0) {
        return rejected('EXCEEDS_ALLOCATION', `Municipality ${request.municipalityCode} has no allocation in pool ${request.poolId}.`);
      }
      const { state, version } = await loadCommitment(this.store, request.poolId, request.municipalityCode);
      const decision = decideCommitment(
        {
          type: 'PrepareCommitment',
          data: {
            poolId: request.poolId,
            municipalityCode: request.municipalityCode,
            amountOre: request.amountOre ?? share.allocatedOre,
            allocatedOre: share.allocatedOre,
            preparedBy: request.by,
            at: request.at,
            poolCommitments: await this.poolCommitments(request.poolId, request.municipalityCode, pool.state.definition.money.commitmentsOre),
          },
        },
        state,
      );
      if (!decision.ok) return { ok: false as const, reasons: decision.reasons };
      const result = await this.store.append(streams.commitment(request.poolId, request.municipalityCode), decision.events, { expectedVersion: version });
      return { ok: true as const, position: result.positions[0] ?? "" };
    });
  }

  /** The ledger invariant "the sum of commitments ≤ the pool" needs the other municipalities' issued commitments. */
  private async poolCommitments(poolId: string, municipalityCode: string, poolOre: number): Promise<{ poolOre: number; otherCommitmentsOre: number }> {
    const pool = await loadPool(this.store, poolId);
    const others = pool.state.status === 'allocated' ? pool.state.allocation.allocations.map((a) => a.municipalityCode).filter((c) => c !== municipalityCode) : [];
    let otherCommitmentsOre = 0;
    for (const code of others) {
      const c = await loadCommitment(this.store, poolId, code);
      if (c.state.status === 'issued') otherCommitmentsOre += c.state.amountOre;
    }
    return { poolOre, otherCommitmentsOre };
  }

  async approve(request: CommitmentRequest): Promise<Outcome> {
    return retryOnConflict(async () => {
      const { state, version } = await loadCommitment(this.store, request.poolId, request.municipalityCode);
      const pool = await loadPool(this.store, request.poolId);
      const poolCommitments = pool.state.status === 'not-opened' ? undefined : await this.poolCommitments(request.poolId, request.municipalityCode, pool.state.definition.money.commitmentsOre);
      const decision = decideCommitment({ type: 'ApproveCommitment', data: { approvedBy: request.by, at: request.at, ...(poolCommitments ? { poolCommitments } : {}) } }, state);
      if (!decision.ok) return { ok: false as const, reasons: decision.reasons };
      const result = await this.store.append(streams.commitment(request.poolId, request.municipalityCode), decision.events, { expectedVersion: version });
      return { ok: true as const, position: result.positions[0] ?? "" };
    });
  }
}

function rejected(code: string, message: string): Outcome {
  return { ok: false, reasons: [{ code, message }] };
}
