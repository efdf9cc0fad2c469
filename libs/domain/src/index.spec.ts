import fs from 'node:fs';
import path from 'node:path';
import * as domain from './index';

const sourceFiles = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'testing' ? [] : sourceFiles(file);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [file] : [];
  });

describe('@puljeflow/domain', () => {
  it('imports nothing but itself, zod and luxon (it is bundled into Temporal workflows)', () => {
    const imports = sourceFiles(__dirname).flatMap((file) =>
      [...fs.readFileSync(file, 'utf8').matchAll(/from '([^']+)'/g)].map((match) => match[1]!),
    );
    expect(imports.filter((name) => !name.startsWith('.') && name !== 'zod' && name !== 'luxon')).toEqual([]);
  });

  it('exports the deciders, the pools and the tools they are made of', () => {
    expect(domain.poolDecider.initialState()).toEqual({ status: 'not-opened' });
    expect(domain.commitmentDecider.initialState()).toEqual({ status: 'none' });
    expect(domain.allPoolDefinitions.map((pool) => pool.poolId)).toEqual(['mangelpulje-2017', 'mangelpulje-2019']);
    expect(domain.formatOre(domain.mangelpulje2019.money.commitmentsOre)).toBe('12.500.000,00 kr.');
    expect(domain.REASON_CODES).toEqual(
      expect.arrayContaining(['UNKNOWN_POOL', 'FOUR_EYES_REQUIRED', 'DEADLINE_NOT_REACHED']),
    );
  });

  it('names the streams of design.md', () => {
    expect(domain.poolStreamId('mangelpulje-2019')).toBe('pool-mangelpulje-2019');
    expect(domain.commitmentStreamId('mangelpulje-2019', '101')).toBe('commitment-mangelpulje-2019-101');
    expect(domain.courseStreamId('101', 'KBH-2020-0042')).toBe('course-101-KBH-2020-0042');
  });

  it('exports the course decider and the tools of course starts', () => {
    expect(domain.initialCourseState).toEqual({ status: 'none', decisions: [] });
    expect(domain.courseDecider.initialState()).toEqual(domain.initialCourseState);
    expect(typeof domain.decideCourse).toBe('function');
    expect(typeof domain.evolveCourse).toBe('function');
    expect(domain.validateCpr('150185-1234')).toMatchObject({ ok: true, birthDate: '1985-01-15' });
    expect(domain.halfYearOf('2020-06-30')).toBe('2020H1');
    expect(domain.SHORTAGE_STATUSES).toEqual(['omfattende mangel', 'mangel', 'paradoksproblem']);
    expect(domain.REASON_CODES).toEqual(
      expect.arrayContaining(['DEADLINE_NOT_AMENDABLE', 'DEADLINE_ALREADY_PASSED', 'INVALID_CALENDAR', 'NO_AMENDMENT_PREPARED']),
    );
  });

  it('exports the money: ledger, payout run, marketing line, their streams and helpers', () => {
    expect(domain.ledgerStreamId('mangelpulje-2019', '101')).toBe('ledger-mangelpulje-2019-101');
    expect(domain.payoutRunStreamId('mangelpulje-2019', '2020-01-31')).toBe('payout-mangelpulje-2019-2020-01-31');
    expect(domain.marketingStreamId('mangelpulje-2019')).toBe('marketing-mangelpulje-2019');
    expect(domain.initialLedgerState).toEqual(domain.ledgerDecider.initialState());
    expect(domain.initialPayoutRunState).toEqual({ status: 'none' });
    expect(domain.initialMarketingState).toEqual({ spentOre: 0, spendings: [] });
    for (const decide of [domain.decideLedger, domain.decidePayoutRun, domain.decideMarketing]) {
      expect(typeof decide).toBe('function');
    }
    expect(domain.refundFor(450_002, 8_000)).toBe(360_001);
    expect(domain.budgetYearOf('2021-01-20', [2019, 2020], '2020-09-01')).toBe(2020);
    expect(domain.paymentReference('mangelpulje-2019', '101', '2020-01-31')).toBe('PF-mangelpulje-2019-101-20200131');
    expect(domain.ledgerFigures(domain.initialLedgerState).remainingCommitmentOre).toBe(0);
    expect(domain.payableOf(domain.initialLedgerState)).toEqual({ amountOre: 0, claimIds: [] });
    expect(domain.EXPENSE_CATEGORIES).toContain('ydelse');
    expect(domain.NON_REFUNDABLE_EXPENSE_CATEGORIES).toEqual(['ydelse']);
    expect(domain.REASON_CODES).toEqual(
      expect.arrayContaining(['CLAIM_DEADLINE_PASSED', 'EXPENSE_NOT_REFUNDABLE', 'ALREADY_PAID', 'EXCEEDS_POOL']),
    );
    expect(new Set(domain.REASON_CODES).size).toBe(domain.REASON_CODES.length);
  });

  it('exports the repayment receipts: prepared by one finance officer, confirmed by another', () => {
    expect(typeof domain.prepareRepaymentReceipt).toBe('function');
    expect(typeof domain.confirmRepaymentReceipt).toBe('function');
    expect(domain.ledgerFigures(domain.initialLedgerState)).toMatchObject({ repaidOre: 0, repaymentOutstandingOre: 0 });
    expect(domain.REASON_CODES).toEqual(
      expect.arrayContaining(['UNKNOWN_REPAYMENT_DEMAND', 'EXCEEDS_OUTSTANDING_REPAYMENT', 'NO_RECEIPT_PREPARED']),
    );
  });
});
