import { decideCommitment } from '@puljeflow/domain';
import type { EventStore } from '@puljeflow/event-store';
import { toOutcome } from './command-handler';
import { handleCommitment, loadCommitment, loadPool } from './loaders';
import { streams, type Outcome } from './streams';

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
    const handled = await handleCommitment(this.store, streams.commitment(request.poolId, request.municipalityCode), async (state) => {
      const pool = await loadPool(this.store, request.poolId);
      const allocation = pool.state.allocation;
      if (!pool.state.definition) return rejected('UNKNOWN_POOL', `There is no pool ${request.poolId}.`);
      if (!allocation) return rejected('NOT_YET_ALLOCATED', `Pool ${request.poolId} has not been allocated yet; commitments follow the allocation.`);
      const share = allocation.allocations.find((a) => a.municipalityCode === request.municipalityCode);
      if (!share || share.allocatedOre === 0) {
        return rejected('EXCEEDS_ALLOCATION', `Municipality ${request.municipalityCode} has no allocation in pool ${request.poolId}.`);
      }
      return decideCommitment(
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
            poolClosesAt: pool.state.closesAt,
          },
        },
        state,
      );
    });
    return toOutcome(handled);
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
    const handled = await handleCommitment(this.store, streams.commitment(request.poolId, request.municipalityCode), async (state) => {
      const pool = await loadPool(this.store, request.poolId);
      const poolCommitments = pool.state.status === 'not-opened' ? undefined : await this.poolCommitments(request.poolId, request.municipalityCode, pool.state.definition.money.commitmentsOre);
      const poolClosesAt = pool.state.status === 'not-opened' ? undefined : pool.state.closesAt;
      return decideCommitment({ type: 'ApproveCommitment', data: { approvedBy: request.by, at: request.at, ...(poolCommitments ? { poolCommitments } : {}), ...(poolClosesAt ? { poolClosesAt } : {}) } }, state);
    });
    return toOutcome(handled);
  }
}

function rejected(code: string, message: string) {
  return { ok: false as const, reasons: [{ code, message }] };
}
