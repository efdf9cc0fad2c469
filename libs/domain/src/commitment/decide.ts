// Decisions about a tilsagn: prepare, issue (four-eyes), reduce (four-eyes) (docs/domain.md §4 and "Who uses it").

import {
  acceptUnless,
  reason,
  rejected,
  type Check,
  type Command,
  type Decider,
  type Decision,
  type Reason,
} from '../decision';
import { isSecondPerson, personIsNamed } from '../four-eyes';
import { commitmentsWithinPool, refundWithinCommitment } from '../invariants';
import { formatOre, isOre, type Ore } from '../money';
import type { MunicipalityCode } from '../municipality';
import {
  evolve,
  initialState,
  type Commitment,
  type CommitmentEvent,
  type CommitmentIssued,
  type CommitmentPrepared,
  type CommitmentReduced,
  type CommitmentReductionPrepared,
  type IssuedCommitment,
} from './commitment';

/////////////////////////////////////////
////////// Commands
/////////////////////////////////////////

/** The pool and what the other municipalities' commitments in it add up to (from the commitments read model), for
 * the invariant "the sum of commitments ≤ the pool". Optional: the allocation already keeps each tilsagn within the
 * municipality's share; given, the decision checks the sum as well. */
export type PoolCommitments = Readonly<{ poolOre: Ore; otherCommitmentsOre: Ore }>;

/** When the pool's life ends (its calendar's `closesAt`, as amended); from then on no tilsagn is given in it. */
export type PoolLife = Readonly<{ poolClosesAt?: Date }>;

export type PrepareCommitment = Command<
  'PrepareCommitment',
  {
    poolId: string;
    municipalityCode: MunicipalityCode;
    amountOre: Ore;
    /** What the municipality was allocated (from the pool's AllocationMade); the tilsagn may not exceed it. */
    allocatedOre: Ore;
    preparedBy: string;
    at: Date;
    poolCommitments?: PoolCommitments;
  } & PoolLife
>;

export type ApproveCommitment = Command<
  'ApproveCommitment',
  { approvedBy: string; at: Date; poolCommitments?: PoolCommitments } & PoolLife
>;

// `approvedRefundOre`: the refunds approved to the municipality (its ledger's figures). Optional; given, a tilsagn is
// never reduced below them (the invariant "approved refund ≤ the commitment").

export type PrepareReduction = Command<
  'PrepareReduction',
  { newAmountOre: Ore; reason: string; preparedBy: string; at: Date; approvedRefundOre?: Ore }
>;

export type ApproveReduction = Command<
  'ApproveReduction',
  { approvedBy: string; at: Date; approvedRefundOre?: Ore }
>;

export type CommitmentCommand = PrepareCommitment | ApproveCommitment | PrepareReduction | ApproveReduction;

/////////////////////////////////////////
////////// Rules
/////////////////////////////////////////

const alreadyIssued = (): Reason =>
  reason('COMMITMENT_ALREADY_ISSUED', 'The commitment has been issued; it can only be reduced.');

const noCommitment = (): Reason => reason('NO_COMMITMENT', 'No commitment has been issued to reduce.');

/** A tilsagn is for a positive whole number of øre. */
const amountIsPositive = (amountOre: Ore): Check =>
  isOre(amountOre) && amountOre > 0
    ? undefined
    : reason('INVALID_AMOUNT', `The amount must be a whole number of øre above 0, got ${amountOre}.`);

/** A tilsagn never exceeds the municipality's allocation (docs/domain.md §3–4). */
const isWithinAllocation = (amountOre: Ore, allocatedOre: Ore): Check =>
  !isOre(amountOre) || amountOre <= allocatedOre
    ? undefined
    : reason('EXCEEDS_ALLOCATION', `${formatOre(amountOre)} is more than the allocation, ${formatOre(allocatedOre)}.`);

/** Four-eyes: whoever prepares a decision that moves money cannot approve it (docs/domain.md "Who uses it"). */
const approvedBySecondPerson = (preparedBy: string, approvedBy: string): Check =>
  personIsNamed(approvedBy, 'approver') ?? isSecondPerson(preparedBy, approvedBy, 'prepared this');

/** A reduction leaves a whole, non-negative number of øre (0 gives the whole commitment back). */
const newAmountIsValid = (newAmountOre: Ore): Check =>
  isOre(newAmountOre) && newAmountOre >= 0
    ? undefined
    : reason('INVALID_AMOUNT', `The new amount must be a whole number of øre, at least 0, got ${newAmountOre}.`);

/** A commitment can be reduced, never raised (docs/domain.md §4). */
const lowersTheAmount = (state: IssuedCommitment, newAmountOre: Ore): Check =>
  !isOre(newAmountOre) || newAmountOre < state.amountOre
    ? undefined
    : reason(
        'COMMITMENT_CANNOT_BE_RAISED',
        `The new amount ${formatOre(newAmountOre)} must be below the current ${formatOre(state.amountOre)}.`,
      );

/** A change to a commitment carries its reason (docs/domain.md "The pools": changes carry their reason). */
const reasonIsGiven = (text: string): Check =>
  text.trim().length > 0 ? undefined : reason('SCHEMA_INVALID', 'A reduction needs a reason.');

/** The ledger invariant "the sum of commitments ≤ the pool", when the caller gives the other commitments. */
const keepsWithinPool = (amountOre: Ore, poolCommitments: PoolCommitments | undefined): Check =>
  poolCommitments === undefined || !isOre(amountOre)
    ? undefined
    : commitmentsWithinPool(poolCommitments.poolOre, [poolCommitments.otherCommitmentsOre, amountOre]);

/** A closed pool takes no new commitments (docs/domain.md, "Decisions the product adds"). */
const poolIsStillOpen = (at: Date, poolClosesAt: Date | undefined): Check =>
  poolClosesAt === undefined || at.getTime() < poolClosesAt.getTime()
    ? undefined
    : reason('POOL_CLOSED', `The pool closed at ${poolClosesAt.toISOString()}; it takes no new commitments.`);

/** The ledger invariant "approved refund ≤ the commitment", when the caller gives the approved refunds. */
const keepsApprovedRefunds = (newAmountOre: Ore, approvedRefundOre: Ore | undefined): Check =>
  approvedRefundOre === undefined || !isOre(newAmountOre)
    ? undefined
    : refundWithinCommitment(approvedRefundOre, newAmountOre);

/////////////////////////////////////////
////////// Decisions
/////////////////////////////////////////

/** Prepares the tilsagn; preparing again before it is issued replaces the earlier preparation. */
export const prepareCommitment = (command: PrepareCommitment, state: Commitment): Decision<CommitmentPrepared> => {
  const { poolId, municipalityCode, amountOre, allocatedOre, preparedBy, at, poolCommitments, poolClosesAt } = command.data;
  if (state.status === 'issued') return rejected([alreadyIssued()]);

  const checks = [
    poolIsStillOpen(at, poolClosesAt),
    amountIsPositive(amountOre),
    isWithinAllocation(amountOre, allocatedOre),
    keepsWithinPool(amountOre, poolCommitments),
  ];
  return acceptUnless(checks, () => [
    {
      type: 'CommitmentPrepared',
      data: { poolId, municipalityCode, amountOre, preparedBy, preparedAt: at.toISOString() },
    },
  ]);
};

export const approveCommitment = (command: ApproveCommitment, state: Commitment): Decision<CommitmentIssued> => {
  const { approvedBy, at, poolCommitments, poolClosesAt } = command.data;
  if (state.status === 'none') return rejected([reason('COMMITMENT_NOT_PREPARED', 'No commitment has been prepared.')]);
  if (state.status === 'issued') return rejected([alreadyIssued()]);

  const { poolId, municipalityCode, amountOre, preparedBy } = state;
  const checks = [poolIsStillOpen(at, poolClosesAt), approvedBySecondPerson(preparedBy, approvedBy), keepsWithinPool(amountOre, poolCommitments)];
  return acceptUnless(checks, () => [
    {
      type: 'CommitmentIssued',
      data: { poolId, municipalityCode, amountOre, preparedBy, approvedBy, issuedAt: at.toISOString() },
    },
  ]);
};

/** Prepares a reduction of an issued tilsagn; preparing again before approval replaces the pending one. */
export const prepareReduction = (
  command: PrepareReduction,
  state: Commitment,
): Decision<CommitmentReductionPrepared> => {
  const { newAmountOre, reason: why, preparedBy, at, approvedRefundOre } = command.data;
  if (state.status !== 'issued') return rejected([noCommitment()]);

  const { poolId, municipalityCode } = state;
  return acceptUnless(
    [
      newAmountIsValid(newAmountOre),
      lowersTheAmount(state, newAmountOre),
      reasonIsGiven(why),
      keepsApprovedRefunds(newAmountOre, approvedRefundOre),
    ],
    () => [
      {
        type: 'CommitmentReductionPrepared',
        data: { poolId, municipalityCode, newAmountOre, reason: why, preparedBy, at: at.toISOString() },
      },
    ],
  );
};

export const approveReduction = (command: ApproveReduction, state: Commitment): Decision<CommitmentReduced> => {
  const { approvedBy, at, approvedRefundOre } = command.data;
  if (state.status !== 'issued') return rejected([noCommitment()]);
  const pending = state.pendingReduction;
  if (pending === null) return rejected([reason('NO_REDUCTION_PREPARED', 'No reduction has been prepared.')]);

  const { poolId, municipalityCode, amountOre } = state;
  const checks = [
    approvedBySecondPerson(pending.preparedBy, approvedBy),
    keepsApprovedRefunds(pending.newAmountOre, approvedRefundOre),
  ];
  return acceptUnless(checks, () => [
    {
      type: 'CommitmentReduced',
      data: {
        poolId,
        municipalityCode,
        previousAmountOre: amountOre,
        newAmountOre: pending.newAmountOre,
        reason: pending.reason,
        preparedBy: pending.preparedBy,
        approvedBy,
        at: at.toISOString(),
      },
    },
  ]);
};

export const decide = (command: CommitmentCommand, state: Commitment): Decision<CommitmentEvent> => {
  const { type } = command;

  switch (type) {
    case 'PrepareCommitment':
      return prepareCommitment(command, state);
    case 'ApproveCommitment':
      return approveCommitment(command, state);
    case 'PrepareReduction':
      return prepareReduction(command, state);
    case 'ApproveReduction':
      return approveReduction(command, state);
    default: {
      const _unknownCommand: never = type;
      return rejected([reason('SCHEMA_INVALID', `Unknown commitment command ${String(_unknownCommand)}.`)]);
    }
  }
};

export const commitmentDecider: Decider<Commitment, CommitmentCommand, CommitmentEvent> = {
  decide,
  evolve,
  initialState,
};
