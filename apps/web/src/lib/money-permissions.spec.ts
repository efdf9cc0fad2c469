import { describe, expect, it } from '@jest/globals';
import type { StaffUser } from './api';
import { canPreparePayoutRun, canPrepareRepayment, confirmRepaymentAction, releasePayoutRunAction, runStateOf, type RunForActions } from './money-permissions';

const user = (username: string, ...roles: StaffUser['roles']): StaffUser => ({ username, displayName: username, roles });
const frida = user('frida', 'finance');
const finn = user('finn', 'finance');
const auditor = user('aud', 'auditor');
const approver = user('anders', 'approver');
const run = (over: Partial<RunForActions> = {}): RunForActions => ({ state: 'scheduled', runDate: '2026-12-04', preparedBy: null, ...over });

describe('canPreparePayoutRun (finance)', () => {
  it('offers to prepare a scheduled run on its date and after, not before', () => {
    expect(canPreparePayoutRun(frida, run(), '2026-12-04')).toBe(true);
    expect(canPreparePayoutRun(frida, run(), '2026-12-31')).toBe(true);
    expect(canPreparePayoutRun(frida, run({ runDate: '2027-06-30' }), '2026-12-04')).toBe(false);
  });

  it('offers to prepare it again until it is released', () => {
    expect(canPreparePayoutRun(finn, run({ state: 'prepared', preparedBy: 'frida' }), '2026-12-04')).toBe(true);
    expect(canPreparePayoutRun(frida, run({ state: 'released', preparedBy: 'frida' }), '2026-12-04')).toBe(false);
    expect(canPreparePayoutRun(frida, run({ state: 'paid', preparedBy: 'frida' }), '2026-12-04')).toBe(false);
  });

  it('is for finance only', () => {
    for (const other of [auditor, approver]) expect(canPreparePayoutRun(other, run(), '2026-12-04')).toBe(false);
  });
});

describe('releasePayoutRunAction (finance, four-eyes)', () => {
  it('lets a second finance officer release a prepared run', () => {
    expect(releasePayoutRunAction(finn, run({ state: 'prepared', preparedBy: 'frida' }))).toEqual({ kind: 'enabled' });
  });

  it('disables it, with the reason, for whoever prepared it, compared as the domain compares persons', () => {
    for (const preparedBy of ['frida', 'Frida', ' FRIDA ']) {
      expect(releasePayoutRunAction(frida, run({ state: 'prepared', preparedBy }))).toEqual({ kind: 'disabled', reason: 'pool.selfApproval' });
    }
    expect(releasePayoutRunAction(user('frida.b', 'finance'), run({ state: 'prepared', preparedBy: 'frida' }))).toEqual({ kind: 'enabled' });
  });

  it('hides it unless the run is prepared and the user is finance', () => {
    expect(releasePayoutRunAction(finn, run())).toEqual({ kind: 'hidden' });
    expect(releasePayoutRunAction(finn, run({ state: 'released', preparedBy: 'frida' }))).toEqual({ kind: 'hidden' });
    expect(releasePayoutRunAction(auditor, run({ state: 'prepared', preparedBy: 'frida' }))).toEqual({ kind: 'hidden' });
  });
});

describe('repayments received (finance, four-eyes)', () => {
  it('offers to record a receipt while the demand asks for money, to finance only', () => {
    expect(canPrepareRepayment(frida, { outstandingOre: 40_003 })).toBe(true);
    expect(canPrepareRepayment(frida, { outstandingOre: 0 })).toBe(false);
    expect(canPrepareRepayment(auditor, { outstandingOre: 40_003 })).toBe(false);
  });

  it('lets a second finance officer confirm a pending receipt, never its preparer', () => {
    expect(confirmRepaymentAction(finn, { preparedBy: 'frida' })).toEqual({ kind: 'enabled' });
    expect(confirmRepaymentAction(frida, { preparedBy: 'frida' })).toEqual({ kind: 'disabled', reason: 'pool.selfApproval' });
    expect(confirmRepaymentAction(finn, null)).toEqual({ kind: 'hidden' });
    expect(confirmRepaymentAction(auditor, { preparedBy: 'frida' })).toEqual({ kind: 'hidden' });
  });
});

describe('runStateOf', () => {
  it('names a run as the list does', () => {
    expect(['none', 'prepared', 'released', 'completed'].map((s) => runStateOf(s as 'none'))).toEqual(['scheduled', 'prepared', 'released', 'paid']);
  });
});
