import { decideCommitment, ledgerFigures, type CommitmentCommand } from '@puljeflow/domain';
import type { EventStore } from '@puljeflow/event-store';
import { toOutcome } from '../command-handler';
import { handleCommitment, loadLedger } from '../loaders';
import { streams, type Outcome } from '../streams';

export interface ReductionRequest {
  poolId: string;
  municipalityCode: string;
  by: string;
  at: Date;
}

/** The refunds approved to the municipality: a commitment is never reduced below them (docs/domain.md §4). */
async function approvedRefundOre(store: EventStore, poolId: string, municipalityCode: string): Promise<number> {
  const { state } = await loadLedger(store, poolId, municipalityCode);
  return ledgerFigures(state).approvedRefundOre;
}

const reduce = (store: EventStore, request: ReductionRequest, command: (approvedRefundOre: number) => CommitmentCommand): Promise<Outcome> =>
  handleCommitment(store, streams.commitment(request.poolId, request.municipalityCode), async (state) =>
    decideCommitment(command(await approvedRefundOre(store, request.poolId, request.municipalityCode)), state),
  ).then(toOutcome);

/** One person prepares reducing an issued tilsagn, with a reason. */
export const prepareCommitmentReduction = (store: EventStore, request: ReductionRequest & { newAmountOre: number; reason: string }): Promise<Outcome> =>
  reduce(store, request, (refunds) => ({
    type: 'PrepareReduction',
    data: { newAmountOre: request.newAmountOre, reason: request.reason, preparedBy: request.by, at: request.at, approvedRefundOre: refunds },
  }));

/** Another person approves it (four-eyes); the refunds are read again, as they may have grown since. */
export const approveCommitmentReduction = (store: EventStore, request: ReductionRequest): Promise<Outcome> =>
  reduce(store, request, (refunds) => ({ type: 'ApproveReduction', data: { approvedBy: request.by, at: request.at, approvedRefundOre: refunds } }));
