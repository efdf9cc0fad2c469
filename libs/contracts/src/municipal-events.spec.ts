import {
  ExpenseIncurredDataSchema,
  MUNICIPAL_EVENT_TYPES,
  municipalEventDataSchemas,
  municipalEventSchemas,
  RefundClaimedDataSchema,
} from './municipal-events';

describe('the data schemas of the municipal events', () => {
  it('has one for every event type of docs/municipal-api.md', () => {
    expect(Object.keys(municipalEventDataSchemas).sort()).toEqual([...MUNICIPAL_EVENT_TYPES].sort());
    expect(Object.keys(municipalEventSchemas).sort()).toEqual([...MUNICIPAL_EVENT_TYPES].sort());
  });

  it('ExpenseIncurred: a whole, positive amount of øre and a calendar date', () => {
    const expense = { courseId: 'C-1', expenseId: 'E-1', category: 'kursusgebyr', amountOre: 100, incurredOn: '2020-03-31', invoiceRef: 'INV-1' };
    expect(ExpenseIncurredDataSchema.safeParse(expense).success).toBe(true);
    expect(ExpenseIncurredDataSchema.safeParse({ ...expense, amountOre: 0 }).success).toBe(false);
    expect(ExpenseIncurredDataSchema.safeParse({ ...expense, amountOre: 10.5 }).success).toBe(false);
    expect(ExpenseIncurredDataSchema.safeParse({ ...expense, incurredOn: '2020-03-31T00:00:00Z' }).success).toBe(false);
    expect(ExpenseIncurredDataSchema.safeParse({ ...expense, invoiceRef: undefined }).success).toBe(false);
  });

  it('RefundClaimed: interim or final; only a final claim has a statement (whether it is complete is the decision\'s)', () => {
    const claim = { poolId: 'mangelpulje-2019', claimId: 'R-1', budgetYear: 2020, upTo: '2020-12-31' };
    const statement = { signedBy: 'Direktør', auditorCertified: true, documentRef: 'DOC-1' };
    expect(RefundClaimedDataSchema.safeParse({ ...claim, kind: 'interim' }).success).toBe(true);
    expect(RefundClaimedDataSchema.safeParse({ ...claim, kind: 'final', statement }).success).toBe(true);
    expect(RefundClaimedDataSchema.safeParse({ ...claim, kind: 'final' }).success).toBe(true);
    expect(RefundClaimedDataSchema.safeParse({ ...claim, kind: 'final', statement: { ...statement, auditorCertified: false } }).success).toBe(true);
    expect(RefundClaimedDataSchema.safeParse({ ...claim, kind: 'final', statement: { signedBy: 'Direktør' } }).success).toBe(false);
    expect(RefundClaimedDataSchema.safeParse({ ...claim, kind: 'a conto' }).success).toBe(false);
    expect(RefundClaimedDataSchema.safeParse({ ...claim, kind: 'interim', statement }).success).toBe(false);
    expect(RefundClaimedDataSchema.safeParse({ ...claim, kind: 'final', statement: { ...statement, auditorCertified: 'yes' } }).success).toBe(false);
  });
});
