import { describe, expect, it } from '@jest/globals';
import type { MunicipalityOverview, StaffUser } from './api';
import { approveAction, approveClaimAction, canPrepare, canReviewClaim, samePerson } from './permissions';

const user = (username: string, ...roles: StaffUser['roles']): StaffUser => ({ username, displayName: username, roles });
const row = (over: Partial<MunicipalityOverview> = {}): MunicipalityOverview => ({
  municipalityCode: '101',
  name: 'København',
  requestedOre: 300_000_000,
  allocatedOre: 250_000_000,
  committedOre: 0,
  commitmentStatus: 'none',
  preparedAmountOre: null,
  preparedBy: null,
  issuedBy: null,
  ...over,
});

const caseworker = user('karin', 'caseworker');
const approver = user('anders', 'approver');
const both = user('bo', 'caseworker', 'approver');
const auditor = user('aud', 'auditor');

describe('canPrepare (caseworker)', () => {
  it('offers to prepare an allocated municipality with no commitment yet', () => {
    expect(canPrepare(caseworker, row())).toBe(true);
  });

  it('offers to prepare it again while it waits for approval', () => {
    expect(canPrepare(caseworker, row({ commitmentStatus: 'prepared', preparedBy: 'karin' }))).toBe(true);
  });

  it('offers nothing before the allocation, for nothing allocated, or once issued', () => {
    expect(canPrepare(caseworker, row({ allocatedOre: 0 }))).toBe(false);
    expect(canPrepare(caseworker, row({ allocatedOre: null }))).toBe(false);
    expect(canPrepare(caseworker, row({ commitmentStatus: 'issued' }))).toBe(false);
  });

  it('is for caseworkers only', () => {
    expect(canPrepare(approver, row())).toBe(false);
    expect(canPrepare(auditor, row())).toBe(false);
  });
});

describe('approveAction (approver, four-eyes)', () => {
  it('lets an approver issue a commitment someone else prepared', () => {
    expect(approveAction(approver, row({ commitmentStatus: 'prepared', preparedBy: 'karin' }))).toEqual({
      kind: 'enabled',
    });
  });

  it('disables it, with the reason, for the person who prepared it', () => {
    expect(approveAction(both, row({ commitmentStatus: 'prepared', preparedBy: 'bo' }))).toEqual({
      kind: 'disabled',
      reason: 'pool.selfApproval',
    });
  });

  it('compares persons as the domain does: "Bo" and " bo " are the one who prepared it, "bo.b" is not', () => {
    for (const username of ['bo', 'Bo', 'BO', ' bo ']) {
      expect(approveAction({ ...both, username }, row({ commitmentStatus: 'prepared', preparedBy: 'bo' }))).toEqual({
        kind: 'disabled',
        reason: 'pool.selfApproval',
      });
    }
    expect(approveAction({ ...both, username: 'bo.b' }, row({ commitmentStatus: 'prepared', preparedBy: 'bo' }))).toEqual({
      kind: 'enabled',
    });
  });

  it.each([
    ['Anna', 'Anna', true],
    ['Anna', 'anna', true],
    ['anna', 'ANNA', true],
    ['anna ', ' Anna', true],
    ['\tanna\n', 'anna', true],
    ['Anna', 'Bo', false],
    ['anna', 'anna.b', false],
    ['anna', 'an na', false],
    ['Åse', 'Ase', false],
  ])('samePerson("%s", "%s") is %s, as isSamePerson of the domain', (one, other, same) => {
    expect(samePerson(one, other)).toBe(same);
  });

  it('takes nobody for nobody: a row no one prepared is not the user\'s', () => {
    expect(samePerson(null, 'anna')).toBe(false);
    expect(samePerson(undefined, 'anna')).toBe(false);
  });

  it('hides it unless the commitment is prepared and the user approves', () => {
    expect(approveAction(approver, row())).toEqual({ kind: 'hidden' });
    expect(approveAction(approver, row({ commitmentStatus: 'prepared', preparedBy: null }))).toEqual({ kind: 'enabled' });
    expect(approveAction(approver, row({ commitmentStatus: 'issued', preparedBy: 'karin' }))).toEqual({ kind: 'hidden' });
    expect(approveAction(caseworker, row({ commitmentStatus: 'prepared', preparedBy: 'x' }))).toEqual({ kind: 'hidden' });
    expect(approveAction(auditor, row({ commitmentStatus: 'prepared', preparedBy: 'x' }))).toEqual({ kind: 'hidden' });
  });
});

describe('canReviewClaim (caseworker)', () => {
  it('offers the review of a claim that waits for it, to a caseworker only', () => {
    expect(canReviewClaim(caseworker, { status: 'awaiting-review' })).toBe(true);
    expect(canReviewClaim(both, { status: 'awaiting-review' })).toBe(true);
    expect(canReviewClaim(approver, { status: 'awaiting-review' })).toBe(false);
    expect(canReviewClaim(auditor, { status: 'awaiting-review' })).toBe(false);
  });

  it('offers no review once the claim is reviewed or approved', () => {
    expect(canReviewClaim(caseworker, { status: 'awaiting-approval' })).toBe(false);
    expect(canReviewClaim(caseworker, { status: 'approved' })).toBe(false);
  });
});

describe('approveClaimAction (approver, four-eyes)', () => {
  it('lets an approver approve a claim someone else reviewed', () => {
    expect(approveClaimAction(approver, { status: 'awaiting-approval', reviewedBy: 'karin' })).toEqual({ kind: 'enabled' });
    expect(approveClaimAction(both, { status: 'awaiting-approval', reviewedBy: 'karin' })).toEqual({ kind: 'enabled' });
  });

  it('disables it, with the reason, for the person who reviewed it, compared as the domain compares persons', () => {
    for (const reviewedBy of ['bo', 'BO', ' Bo ']) {
      expect(approveClaimAction(both, { status: 'awaiting-approval', reviewedBy })).toEqual({ kind: 'disabled', reason: 'claims.selfApproval' });
    }
  });

  it('hides it before the review, once approved, and from anyone who is no approver', () => {
    expect(approveClaimAction(approver, { status: 'awaiting-review', reviewedBy: null })).toEqual({ kind: 'hidden' });
    expect(approveClaimAction(approver, { status: 'approved', reviewedBy: 'karin' })).toEqual({ kind: 'hidden' });
    expect(approveClaimAction(caseworker, { status: 'awaiting-approval', reviewedBy: 'bo' })).toEqual({ kind: 'hidden' });
    expect(approveClaimAction(auditor, { status: 'awaiting-approval', reviewedBy: 'bo' })).toEqual({ kind: 'hidden' });
  });
});
