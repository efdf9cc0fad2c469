import { describe, expect, it } from '@jest/globals';
import type { AuditEntry } from '../../lib/api';
import { reductionsOf } from './reductions';

const entry = (seq: string, kind: string, person: string, what: Record<string, unknown>): AuditEntry => ({
  seq,
  poolId: 'p',
  municipalityCode: '101',
  person,
  kind,
  decidedAt: `2026-01-0${seq.slice(-1)}T10:00:00.000Z`,
  recordedAt: `2026-01-0${seq.slice(-1)}T10:00:00.000Z`,
  ruleSet: { version: 1, amendments: 0 },
  what,
});

describe('reductionsOf (a commitment audit trail)', () => {
  const issued = entry('1', 'CommitmentIssued', 'anders', { amountOre: 1_000_000 });
  const prepared = entry('2', 'CommitmentReductionPrepared', 'karin', { newAmountOre: 600_000, reason: 'Færre forløb' });
  const reduced = entry('3', 'CommitmentReduced', 'anders', { previousAmountOre: 1_000_000, newAmountOre: 600_000, reason: 'Færre forløb', preparedBy: 'karin', approvedBy: 'anders' });

  it('has nothing pending and nothing approved before a reduction is prepared', () => {
    expect(reductionsOf([issued])).toEqual({ approved: [], pending: null });
  });

  it('a prepared reduction waits, with who prepared it', () => {
    expect(reductionsOf([issued, prepared]).pending).toEqual({ newAmountOre: 600_000, reason: 'Færre forløb', preparedBy: 'karin' });
  });

  it('once approved it is no longer pending, and reads back from, to and both people', () => {
    expect(reductionsOf([reduced, prepared, issued])).toEqual({
      pending: null,
      approved: [{ seq: '3', previousAmountOre: 1_000_000, newAmountOre: 600_000, reason: 'Færre forløb', preparedBy: 'karin', approvedBy: 'anders', at: reduced.decidedAt }],
    });
  });

  it('a later preparation replaces an earlier one still waiting', () => {
    const again = entry('4', 'CommitmentReductionPrepared', 'bo', { newAmountOre: 500_000, reason: 'Endnu færre' });
    expect(reductionsOf([issued, prepared, reduced, again]).pending).toEqual({ newAmountOre: 500_000, reason: 'Endnu færre', preparedBy: 'bo' });
  });
});
