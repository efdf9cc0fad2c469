import { describe, expect, it } from '@jest/globals';
import type { StaffUser } from './api';
import { approveReductionAction, canPrepareReduction, canRecordMarketing, canSeeAdministration } from './permissions';

const user = (username: string, ...roles: StaffUser['roles']): StaffUser => ({ username, displayName: username, roles });
const karin = user('karin', 'caseworker');
const anders = user('anders', 'approver');
const bo = user('bo', 'caseworker', 'approver');
const aud = user('aud', 'auditor');
const pending = { newAmountOre: 600_000, reason: 'Færre forløb', preparedBy: 'Bo ' };

describe('canPrepareReduction (caseworker)', () => {
  it('offers to reduce an issued commitment with no reduction waiting', () => {
    expect(canPrepareReduction(karin, { status: 'issued', pending: null })).toBe(true);
  });
  it('not before it is issued, not while a reduction waits, and never to someone without the caseworker role', () => {
    expect(canPrepareReduction(karin, { status: 'prepared', pending: null })).toBe(false);
    expect(canPrepareReduction(karin, { status: 'issued', pending })).toBe(false);
    expect(canPrepareReduction(anders, { status: 'issued', pending: null })).toBe(false);
    expect(canPrepareReduction(aud, { status: 'issued', pending: null })).toBe(false);
  });
});

describe('approveReductionAction (approver, four-eyes)', () => {
  it('is enabled for an approver who did not prepare it', () => {
    expect(approveReductionAction(anders, pending)).toEqual({ kind: 'enabled' });
  });
  it('is disabled with the four-eyes reason for whoever prepared it (case and space aside)', () => {
    expect(approveReductionAction(bo, pending)).toEqual({ kind: 'disabled', reason: 'pool.selfApproval' });
  });
  it('is hidden with nothing waiting, and from a person without the approver role', () => {
    expect(approveReductionAction(anders, null)).toEqual({ kind: 'hidden' });
    expect(approveReductionAction(karin, pending)).toEqual({ kind: 'hidden' });
    expect(approveReductionAction(aud, pending)).toEqual({ kind: 'hidden' });
  });
});

describe('administration and the marketing line', () => {
  it('admins and auditors see the administration screens; nobody else does', () => {
    expect([user('a', 'admin'), aud, karin, anders, user('f', 'finance')].map(canSeeAdministration)).toEqual([true, true, false, false, false]);
  });
  it('finance records marketing spending; an auditor does not', () => {
    expect([user('f', 'finance'), aud, karin].map(canRecordMarketing)).toEqual([true, false, false]);
  });
});
