// Who may take which money decision on the payout-run and repayment screens. The server enforces it; the screens only
// show what can succeed, and a four-eyes refusal with its reason.
import type { StaffUser } from './api';
import { hasRole, ROLE, samePerson, type ApproveAction } from './permissions';

/** A payout run as the screens know it: its list state, date and who prepared it. */
export interface RunForActions {
  state: 'scheduled' | 'prepared' | 'released' | 'paid';
  runDate: string;
  preparedBy: string | null;
}

/** Finance prepares a run from its date on (Copenhagen), and again — replacing its lines — until it is released (docs/domain.md §8). */
export function canPreparePayoutRun(user: StaffUser, run: RunForActions, today: string): boolean {
  return hasRole(user, ROLE.finance) && (run.state === 'scheduled' || run.state === 'prepared') && run.runDate <= today;
}

/** A second finance officer releases a prepared run, never the one who prepared it (four-eyes, docs/domain.md §8). */
export function releasePayoutRunAction(user: StaffUser, run: RunForActions): ApproveAction {
  if (!hasRole(user, ROLE.finance) || run.state !== 'prepared') return { kind: 'hidden' };
  if (samePerson(run.preparedBy, user.username)) return { kind: 'disabled', reason: 'pool.selfApproval' };
  return { kind: 'enabled' };
}

/** Finance records money received against a repayment demand that still asks for some. */
export function canPrepareRepayment(user: StaffUser, demand: { outstandingOre: number }): boolean {
  return hasRole(user, ROLE.finance) && demand.outstandingOre > 0;
}

/** A second finance officer confirms a prepared receipt, never the one who prepared it (four-eyes). */
export function confirmRepaymentAction(user: StaffUser, pending: { preparedBy: string } | null): ApproveAction {
  if (!hasRole(user, ROLE.finance) || !pending) return { kind: 'hidden' };
  if (samePerson(pending.preparedBy, user.username)) return { kind: 'disabled', reason: 'pool.selfApproval' };
  return { kind: 'enabled' };
}

/** A detail view's run status (none, prepared, released, completed) as the list names it. */
export function runStateOf(status: 'none' | 'prepared' | 'released' | 'completed'): RunForActions['state'] {
  return status === 'none' ? 'scheduled' : status === 'completed' ? 'paid' : status;
}
