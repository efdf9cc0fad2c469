// A municipality's grant commitment in a pool (stream `commitment-<poolId>-<municipalityCode>`, docs/domain.md §4).

import type { DomainEvent, InstantString } from '../decision';
import type { Ore } from '../money';
import type { MunicipalityCode } from '../municipality';

/////////////////////////////////////////
////////// Events
/////////////////////////////////////////

export type CommitmentPrepared = DomainEvent<
  'CommitmentPrepared',
  { poolId: string; municipalityCode: MunicipalityCode; amountOre: Ore; preparedBy: string; preparedAt: InstantString }
>;

export type CommitmentIssued = DomainEvent<
  'CommitmentIssued',
  {
    poolId: string;
    municipalityCode: MunicipalityCode;
    amountOre: Ore;
    preparedBy: string;
    approvedBy: string;
    issuedAt: InstantString;
  }
>;

export type CommitmentReductionPrepared = DomainEvent<
  'CommitmentReductionPrepared',
  {
    poolId: string;
    municipalityCode: MunicipalityCode;
    newAmountOre: Ore;
    reason: string;
    preparedBy: string;
    at: InstantString;
  }
>;

export type CommitmentReduced = DomainEvent<
  'CommitmentReduced',
  {
    poolId: string;
    municipalityCode: MunicipalityCode;
    previousAmountOre: Ore;
    newAmountOre: Ore;
    reason: string;
    preparedBy: string;
    approvedBy: string;
    at: InstantString;
  }
>;

export type CommitmentEvent = CommitmentPrepared | CommitmentIssued | CommitmentReductionPrepared | CommitmentReduced;

/////////////////////////////////////////
////////// Commitment
/////////////////////////////////////////

export type NoCommitment = Readonly<{ status: 'none' }>;

export type PreparedCommitment = Readonly<{
  status: 'prepared';
  poolId: string;
  municipalityCode: MunicipalityCode;
  amountOre: Ore;
  preparedBy: string;
  preparedAt: Date;
}>;

export type PendingReduction = Readonly<{ newAmountOre: Ore; reason: string; preparedBy: string; at: Date }>;

export type IssuedCommitment = Readonly<{
  status: 'issued';
  poolId: string;
  municipalityCode: MunicipalityCode;
  /** The current amount: issued, less any reductions. It caps the refund (docs/domain.md §4, pool setting). */
  amountOre: Ore;
  issuedAt: Date;
  /** A reduction prepared and waiting for a second person's approval. */
  pendingReduction: PendingReduction | null;
}>;

/** A tilsagn (om tilskud): the grant commitment to one municipality in one pool. A caseworker prepares it, another
 * person issues it; it may be reduced, never raised (docs/domain.md §4). */
export type Commitment = NoCommitment | PreparedCommitment | IssuedCommitment;

export const initialState = (): Commitment => ({ status: 'none' });

/////////////////////////////////////////
////////// Evolve
/////////////////////////////////////////

export const evolve = (state: Commitment, event: CommitmentEvent): Commitment => {
  const { type, data } = event;

  switch (type) {
    case 'CommitmentPrepared': {
      if (state.status === 'issued') return state;
      const { poolId, municipalityCode, amountOre, preparedBy, preparedAt } = data;
      return { status: 'prepared', poolId, municipalityCode, amountOre, preparedBy, preparedAt: new Date(preparedAt) };
    }
    case 'CommitmentIssued': {
      const { poolId, municipalityCode, amountOre, issuedAt } = data;
      return {
        status: 'issued',
        poolId,
        municipalityCode,
        amountOre,
        issuedAt: new Date(issuedAt),
        pendingReduction: null,
      };
    }
    case 'CommitmentReductionPrepared': {
      if (state.status !== 'issued') return state;
      const { newAmountOre, reason, preparedBy, at } = data;
      return { ...state, pendingReduction: { newAmountOre, reason, preparedBy, at: new Date(at) } };
    }
    case 'CommitmentReduced':
      return state.status === 'issued' ? { ...state, amountOre: data.newAmountOre, pendingReduction: null } : state;
    default: {
      const _unknownEvent: never = type;
      return state;
    }
  }
};
