// @puljeflow/domain: pure TypeScript, no I/O, no clock. Also bundled into Temporal workflow code, so no Node
// built-ins here. The given/when/then helper (./testing) is for tests and stays out of this entry.

export * from './decision';
export * from './money';
export * from './calendar';
export * from './municipality';
export * from './target-groups';
export * from './pool-definition';
export * from './streams';

// The pool (stream `pool-<poolId>`).
export * from './pool/allocation';
import { initialState as initialCommitment } from './commitment/commitment';
import { initialState as initialPool } from './pool/pool';

/** The state of a pool stream with no events, as a value (the decider's `initialState()` makes the same). */
export const initialPoolState = initialPool();
/** The state of a commitment stream with no events, as a value. */
export const initialCommitmentState = initialCommitment();

export {
  evolve as evolvePool,
  type AllocatedPool,
  type AllocationMade,
  type Interest,
  type InterestExpressed,
  type InterestWithdrawn,
  type OpenedPool,
  type Pool,
  type Pool as PoolState,
  type PoolEvent,
  type PoolOpened,
  type UnopenedPool,
} from './pool/pool';
export {
  allocatePool,
  decide as decidePool,
  expressInterest,
  openPool,
  poolDecider,
  withdrawInterest,
  type Allocate,
  type ExpressInterest,
  type OpenPool,
  type PoolCommand,
  type WithdrawInterest,
} from './pool/decide';

// The commitment, tilsagn (stream `commitment-<poolId>-<municipalityCode>`).
export {
  evolve as evolveCommitment,
  type Commitment,
  type Commitment as CommitmentState,
  type CommitmentEvent,
  type CommitmentIssued,
  type CommitmentPrepared,
  type CommitmentReduced,
  type CommitmentReductionPrepared,
  type IssuedCommitment,
  type NoCommitment,
  type PendingReduction,
  type PreparedCommitment,
} from './commitment/commitment';
export {
  approveCommitment,
  approveReduction,
  commitmentDecider,
  decide as decideCommitment,
  prepareCommitment,
  prepareReduction,
  type ApproveCommitment,
  type ApproveReduction,
  type CommitmentCommand,
  type PrepareCommitment,
  type PrepareReduction,
} from './commitment/decide';
