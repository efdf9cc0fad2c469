import type { MunicipalityOverview, StaffUser } from './api';
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
export type DisabledReason = 'pool.selfApproval' | 'asOf.readOnly';

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
