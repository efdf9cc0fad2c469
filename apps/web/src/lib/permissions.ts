import type { ClaimItem } from '@puljeflow/contracts';
import type { CommitmentStatus, MunicipalityOverview, StaffUser } from './api';
import { isPositiveOre } from './money';

/** Staff roles (docs/domain.md, "Who uses it"). The server enforces them; the UI only hides what cannot succeed. */
export const ROLE = {
  caseworker: 'caseworker',
  approver: 'approver',
  finance: 'finance',
  auditor: 'auditor',
  admin: 'admin',
} as const;

export function hasRole(user: StaffUser, role: string): boolean {
  return (user.roles as readonly string[]).includes(role);
}

/** Why an action is not offered as usable: four-eyes, or a historical (as-of) view. Keys of the catalogue. */
export type DisabledReason = 'pool.selfApproval' | 'asOf.readOnly' | 'claims.selfApproval';

export type ApproveAction = { kind: 'hidden' } | { kind: 'enabled' } | { kind: 'disabled'; reason: DisabledReason };

/** A caseworker prepares a tilsagn for an allocated municipality, and may prepare it again until it is issued. */
export function canPrepare(user: StaffUser, row: MunicipalityOverview): boolean {
  return (
    hasRole(user, ROLE.caseworker) &&
    isPositiveOre(row.allocatedOre) &&
    (row.commitmentStatus === 'none' || row.commitmentStatus === 'prepared')
  );
}

/** The same person as the domain's four-eyes check sees it (isSamePerson in libs/domain/src/four-eyes.ts, copied: the
 * web does not bundle the domain): usernames compared without regard to case or surrounding space. */
export function samePerson(a: string | null | undefined, b: string): boolean {
  return typeof a === 'string' && a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** An approver issues a prepared tilsagn, but never one they prepared themselves (four-eyes, docs/domain.md §4). */
export function approveAction(user: StaffUser, row: MunicipalityOverview): ApproveAction {
  if (!hasRole(user, ROLE.approver) || row.commitmentStatus !== 'prepared') return { kind: 'hidden' };
  if (samePerson(row.preparedBy, user.username)) return { kind: 'disabled', reason: 'pool.selfApproval' };
  return { kind: 'enabled' };
}

/** A caseworker reviews a refund claim that waits for its review (docs/domain.md §7–8). */
export function canReviewClaim(user: StaffUser, claim: Pick<ClaimItem, 'status'>): boolean {
  return hasRole(user, ROLE.caseworker) && claim.status === 'awaiting-review';
}

/** An approver approves a reviewed refund claim, but never one they reviewed themselves (four-eyes, docs/domain.md §8). */
export function approveClaimAction(user: StaffUser, claim: Pick<ClaimItem, 'status' | 'reviewedBy'>): ApproveAction {
  if (!hasRole(user, ROLE.approver) || claim.status !== 'awaiting-approval') return { kind: 'hidden' };
  if (samePerson(claim.reviewedBy, user.username)) return { kind: 'disabled', reason: 'claims.selfApproval' };
  return { kind: 'enabled' };
}

/** A reduction of an issued tilsagn waiting for its approval: its new amount and who prepared it. */
export interface PendingReduction {
  newAmountOre: number;
  reason: string;
  preparedBy: string;
}

/** A caseworker prepares reducing an issued tilsagn (never raising it), unless a reduction already waits (docs/domain.md §4). */
export function canPrepareReduction(user: StaffUser, commitment: { status: CommitmentStatus; pending: PendingReduction | null }): boolean {
  return hasRole(user, ROLE.caseworker) && commitment.status === 'issued' && commitment.pending === null;
}

/** An approver approves a prepared reduction, never one they prepared themselves (four-eyes, docs/domain.md §4). */
export function approveReductionAction(user: StaffUser, pending: PendingReduction | null): ApproveAction {
  if (!hasRole(user, ROLE.approver) || pending === null) return { kind: 'hidden' };
  if (samePerson(pending.preparedBy, user.username)) return { kind: 'disabled', reason: 'pool.selfApproval' };
  return { kind: 'enabled' };
}

/** Admins issue and revoke API keys and keep staff accounts; an auditor reads them, and nobody else sees them. */
export function canSeeAdministration(user: StaffUser): boolean {
  return hasRole(user, ROLE.admin) || hasRole(user, ROLE.auditor);
}

/** Finance records spending on the marketing line. */
export function canRecordMarketing(user: StaffUser): boolean {
  return hasRole(user, ROLE.finance);
}
