// The ledger's own checks, shared by its decisions (expenses, claims, review and approval, payments and closing):
// the stream a command reaches, the commitment and the claim it names, and the ledger invariants every decision keeps.

import { toCopenhagenIso } from '../calendar';
import type { Commitment, IssuedCommitment } from '../commitment/commitment';
import { reason, rejected, type Check, type Decision, type Reason } from '../decision';
import type { Ore } from '../money';
import type { MunicipalityCode } from '../municipality';
import { approvedRefundOfYear, approvedRefundTotal, finalClaimOf, ledgerInvariants } from './figures';
import { evolve, type ClaimKind, type Ledger, type LedgerEvent } from './ledger';

export const ledgerIsOpen = (state: Ledger): Check =>
  state.status === 'open'
    ? undefined
    : reason(
        'LEDGER_CLOSED',
        `The municipality's part of the pool is closed: its commitment lapsed ` +
          `${state.lapse === undefined ? '' : `at ${toCopenhagenIso(state.lapse.lapsedAt)} `}(docs/domain.md §10).`,
      );

/** A command reaches the ledger of its own pool and municipality (the stream id says which). */
export const isThisLedger = (state: Ledger, poolId: string, municipalityCode: MunicipalityCode): Check =>
  state.poolId === undefined || (state.poolId === poolId && state.municipalityCode === municipalityCode)
    ? undefined
    : reason(
        'SCHEMA_INVALID',
        `This is the ledger of municipality ${state.municipalityCode} in pool "${state.poolId}", not of ` +
          `${municipalityCode} in "${poolId}".`,
      );

export const isIssuedCommitment = (
  commitment: Commitment,
  poolId: string,
  municipalityCode: MunicipalityCode,
): commitment is IssuedCommitment =>
  commitment.status === 'issued' && commitment.poolId === poolId && commitment.municipalityCode === municipalityCode;

export const noCommitment = (poolId: string, municipalityCode: MunicipalityCode): Reason =>
  reason('NO_COMMITMENT', `Municipality ${municipalityCode} has no commitment (tilsagn) issued in pool "${poolId}".`);

export const unknownClaim = (claimId: string): Reason => reason('UNKNOWN_CLAIM', `There is no claim "${claimId}".`);

/** docs/domain.md §8: one final claim per budget year; no interim claim, and no expense, for a year after it. */
export const yearHasNoFinalClaim = (state: Ledger, budgetYear: number | undefined, what: string): Check => {
  const final = budgetYear === undefined ? undefined : finalClaimOf(state, budgetYear);
  return final === undefined
    ? undefined
    : reason(
        'FINAL_CLAIM_EXISTS',
        `The budget year ${budgetYear} has its final claim ("${final.claimId}", ` +
          `${toCopenhagenIso(final.claimedAt)}); ${what}.`,
      );
};

/** What remains of the commitment for a claim of the year: the commitment less the refunds approved, leaving out
 * the year's own for a final claim (its approval replaces them). */
export const remainingFor = (state: Ledger, kind: ClaimKind, budgetYear: number, commitmentOre: Ore): Ore =>
  commitmentOre -
  approvedRefundTotal(state) +
  (kind === 'final' ? approvedRefundOfYear(state, budgetYear) : 0);

/** Accepts only if the state the events would leave keeps every ledger invariant; else refuses with the broken
 * ones, and nothing is recorded. */
export const keepingInvariants = <E extends LedgerEvent>(state: Ledger, decision: Decision<E>): Decision<E> => {
  if (!decision.ok) return decision;
  const broken = ledgerInvariants(decision.events.reduce<Ledger>(evolve, state));
  return broken.length === 0 ? decision : rejected(broken);
};
