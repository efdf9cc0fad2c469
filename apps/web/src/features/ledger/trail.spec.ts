import { describe, expect, it } from '@jest/globals';
import { trailRows, type LedgerTrace, type TraceExpense } from './api';

const expense = (expenseId: string): TraceExpense => ({ courseId: 'K-1', expenseId, amountOre: 100, approvedOre: 100, cutReason: null, category: 'kursusafgift', incurredOn: '2026-12-04', invoiceRef: 'F', course: null });
const trace = (over: Partial<LedgerTrace>): LedgerTrace => ({ poolId: 'p', municipalityCode: '147', status: 'open', committedOre: 0, figures: {}, payments: [], claims: [], settlements: [], repaymentDemands: [], lapse: null, ...over });
const claim = (claimId: string, ...expenses: TraceExpense[]): LedgerTrace['claims'][number] => ({ claimId, budgetYear: 2026, kind: 'interim', status: 'approved', upTo: '2026-12-04', claimedRefundOre: 80, approvedRefundOre: 80, paidOre: 0, expenses });

describe('trailRows', () => {
  it('leads each expense of a claim to the payments of that claim, and an unpaid claim to none', () => {
    const rows = trailRows(
      trace({
        claims: [claim('C-1', expense('E-1'), expense('E-2')), claim('C-2', expense('E-3'))],
        payments: [{ reference: 'PF-1', runDate: '2026-12-04', amountOre: 160, paidAt: '2026-12-04T08:00:00Z', claims: [{ claimId: 'C-1', amountOre: 160 }] }],
      }),
    );
    expect(rows.map((r) => [r.reference, r.claimId, r.expense.expenseId])).toEqual([
      ['PF-1', 'C-1', 'E-1'],
      ['PF-1', 'C-1', 'E-2'],
      [null, 'C-2', 'E-3'],
    ]);
    expect(new Set(rows.map((r) => r.id)).size).toBe(3);
  });
});
