import type { MunicipalityOverview, StaffUser } from './api';
import { isPositiveOre } from './money';

/** Staff roles (docs/domain.md, "Who uses it"). The server enforces them; the UI only hides what cannot succeed. */
export const ROLE = {
  caseworker: 'caseworker',
  approver: 'approver',
  finance: 'finance',
  auditor: 'auditor',
} as const;

export function hasRole(user: StaffUser, role: string): boolean {
  return user.roles.includes(role);
}

export const SELF_APPROVAL_REASON = 'You prepared this — a second person must approve';

export type ApproveAction =
  | { kind: 'hidden' }
  | { kind: 'enabled' }
  | { kind: 'disabled'; reason: string };

/** A caseworker prepares a tilsagn for an allocated municipality, and may prepare it again until it is issued. */
export function canPrepare(user: StaffUser, row: MunicipalityOverview): boolean {
  return (
    hasRole(user, ROLE.caseworker) &&
    isPositiveOre(row.allocatedOre) &&
    (row.commitmentStatus === 'none' || row.commitmentStatus === 'prepared')
  );
}

/** An approver issues a prepared tilsagn, but never one they prepared themselves (four-eyes, docs/domain.md §4). */
export function approveAction(user: StaffUser, row: MunicipalityOverview): ApproveAction {
  if (!hasRole(user, ROLE.approver) || row.commitmentStatus !== 'prepared') return { kind: 'hidden' };
  if (row.preparedBy === user.username) {
    return { kind: 'disabled', reason: SELF_APPROVAL_REASON };
  }
  return { kind: 'enabled' };
}

/** "caseworker" → "Caseworker"; an unknown role reads as itself. */
export function roleLabel(role: string): string {
  return role ? role.charAt(0).toUpperCase() + role.slice(1).replace(/[-_]+/g, ' ') : role;
}
