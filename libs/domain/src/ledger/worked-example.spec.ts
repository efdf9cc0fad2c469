// A worked example, by hand: Københavns Kommune (101) in mangelpulje-2019 from its first expense to the lapse of its
// tilsagn, through the deciders, with every figure worked out in the comments first.
//
// Tilsagn 1,000,000 øre (10.000,00 kr.). Refund rate 80 %, rounded down on each claim's total. Courses (fixtures):
//   A started 2019-12-16, ends 2020-03-13   (started in 2019: no run-off into 2021)
//   B started 2020-09-01, ends 2021-02-26   (started in 2020: 2021 expenses book to 2020)
//   C started 2020-03-02, cancelled 2020-04-15
//
// 2019                                                           øre      books to
//   A-1 kursusafgift 2019-12-16                              400,001      2019
//   A-2 materialer   2019-12-20                               50,001      2019
//   A-3 ydelse       2019-12-20                               30,000      refused: EXPENSE_NOT_REFUNDABLE
// 2020
//   A-4 kursusafgift 2020-01-15 (course of 2019, year 2020)  200,000      2020
//   C-1 kursusafgift 2020-03-02                              100,000      2020
//   C-3 materialer   2020-04-10 (reported after the cancel)   25,000      2020
//   C-2 transport    2020-04-20 (after the cancellation)       5,000      refused: EXPENSE_AFTER_CANCELLATION
//   B-1 kursusafgift 2020-09-01                              300,000      2020
// 2021
//   A-5 transport    2021-01-05 (course A started 2019)        8,000      refused: OUTSIDE_BUDGET_YEARS
//   B-2 vejledning   2021-01-20 (run-off of course B)        150,000      2020
//
// Claims, reviews, runs
//   2020-01-10 I-2019-1 interim 2019 to 2019-12-31: A-1 + A-2 = 450,002 → 80 % = 360,001.6 → 360,001 claimed
//              (per expense it would be 320,000 + 40,000 = 360,000: the rounding is on the total)
//   2020-01-20 approved in full (karin reviews, per approves): 360,001
//   2020-01-31 run: 360,001 to 101, reference PF-mangelpulje-2019-101-20200131; paid
//   2020-03-20 F-2019 final 2019 to 2019-12-31: the whole year again, 450,002 → 360,001 claimed
//              (cap: 1,000,000 less other years' approvals, 0 → no cap)
//   2020-04-20 approved after the review cut A-2 to 20,001 ("materialer ikke dokumenteret"):
//              400,001 + 20,001 = 420,002 → 336,001.6 → 336,001 approved for 2019.
//              Settlement 2019: paid 360,001 − approved 336,001 → repayment demanded 24,000, nothing owed
//   2020-04-30 run: nothing payable
//   2020-07-06 I-2020-1 interim 2020 to 2020-06-30: A-4 + C-1 + C-3 = 325,000 → 260,000 claimed
//              (cap: 1,000,000 − 336,001 = 663,999 → no cap)
//   2020-07-15 approved in full: 260,000
//   2020-07-31 run: 260,000 to 101, PF-mangelpulje-2019-101-20200731; paid
//   2021-03-15 F-2020 final 2020 to 2021-02-28: A-4 + C-1 + C-3 + B-1 + B-2 = 775,000 → 620,000 claimed
//              (cap: 1,000,000 − 336,001 = 663,999 → no cap)
//   2021-04-20 approved after the review cut B-2 to 100,000: 725,000 → 580,000 approved for 2020.
//              Settlement 2020: approved 580,000 − paid 260,000 → 320,000 owed.
//              2020 is the last budget year: the tilsagn lapses, 1,000,000 − (336,001 + 580,000) = 83,999, and
//              the ledger closes
//   2021-04-29 run: 320,000 to 101, PF-mangelpulje-2019-101-20210429; paid
//
// In all: expenses 450,002 + 775,000 = 1,225,002; claimed 360,001 + 620,000 = 980,001; approved 336,001 + 580,000 =
// 916,001; paid 360,001 + 260,000 + 320,000 = 940,001; repayment demanded 24,000 (paid net 916,001 = approved);
// lapsed 83,999 = remaining commitment.

import { copenhagenInstant, parseInstant, type IsoDate } from '../calendar';
import type { Decision } from '../decision';
import { payoutRunDecider, type PayoutRunCommand } from '../payout-run/decide';
import type { PayoutRun, PayoutRunEvent } from '../payout-run/payout-run';
import { mangelpulje2019 } from '../pool-definition';
import {
  approve,
  at,
  expense,
  finalClaim,
  interimClaim,
  municipalityCode,
  payment,
  pool,
  poolId,
  review,
} from '../testing/ledger-fixtures';
import { ledgerDecider, type LedgerCommand } from './decide';
import { ledgerFigures, payableOf, poolIsClosed } from './figures';
import type { Ledger, LedgerEvent } from './ledger';

// The steps run in order on one ledger, as the calendar does: each `it` is the next stretch of time.
describe('a worked example: one municipality through the whole calendar of mangelpulje-2019', () => {
  let ledger: Ledger = ledgerDecider.initialState();
  const recorded: LedgerEvent[] = [];

  /** Decides on the ledger and, if accepted, appends: what the application does with a ledger command. */
  const onLedger = (command: LedgerCommand): Decision<LedgerEvent> => {
    const decision = ledgerDecider.decide(command, ledger);
    if (decision.ok) {
      recorded.push(...decision.events);
      ledger = decision.events.reduce(ledgerDecider.evolve, ledger);
    }
    return decision;
  };

  const accepted = (command: LedgerCommand): LedgerEvent[] => {
    const decision = onLedger(command);
    if (!decision.ok) throw new Error(decision.reasons.map((r) => `${r.code}: ${r.message}`).join('\n'));
    return decision.events;
  };

  const codesOf = (decision: Decision<unknown>) => (decision.ok ? [] : decision.reasons.map((r) => r.code));

  /** A payout run on its date, as the payout workflow runs it: prepare from the payable, release (a second finance
   * officer), pay each line on its ledger, complete. Returns the run and what was paid. */
  const payoutRun = (runDate: IsoDate): { run: PayoutRun; paidOre: number } => {
    let run: PayoutRun = payoutRunDecider.initialState();
    const onRun = (command: PayoutRunCommand) => {
      const decision = payoutRunDecider.decide(command, run);
      if (!decision.ok) throw new Error(decision.reasons.map((r) => r.message).join('\n'));
      run = decision.events.reduce<PayoutRun>(payoutRunDecider.evolve, run);
      return decision.events as PayoutRunEvent[];
    };
    const payable = payableOf(ledger);
    const lines = payable.amountOre > 0 ? [{ municipalityCode, ...payable }] : [];
    onRun({
      type: 'PrepareRun',
      data: { poolId, runDate, lines, preparedBy: 'fie.finans', at: copenhagenInstant(runDate, '08:00'), pool },
    });
    onRun({ type: 'ReleaseRun', data: { releasedBy: 'finn.finans', at: copenhagenInstant(runDate, '09:00') } });
    const paid = lines
      .map((line, i) => ({ line, reference: run.status === 'released' ? run.lines[i]!.reference : '' }))
      .filter(({ line, reference }) => onLedger(payment(runDate, line.amountOre, line.claimIds, { reference })).ok);
    onRun({
      type: 'CompleteRun',
      data: { paidReferences: paid.map((p) => p.reference), at: copenhagenInstant(runDate, '15:00') },
    });
    return { run, paidOre: paid.reduce((sum, p) => sum + p.line.amountOre, 0) };
  };

  it('2019: two expenses booked, the benefit refused', () => {
    accepted(expense('KBH-A', 'A-1', 400_001, '2019-12-16'));
    accepted(expense('KBH-A', 'A-2', 50_001, '2019-12-20', { category: 'materialer' }));
    expect(codesOf(onLedger(expense('KBH-A', 'A-3', 30_000, '2019-12-20', { category: 'ydelse' })))).toEqual([
      'EXPENSE_NOT_REFUNDABLE',
    ]);
    expect(ledger.expenses.map((e) => [e.expenseId, e.budgetYear])).toEqual([
      ['A-1', 2019],
      ['A-2', 2019],
    ]);
  });

  it('January 2020: an interim claim for 2019, rounded down on the total, approved by a second person', () => {
    const [claim] = accepted(interimClaim('I-2019-1', 2019, '2019-12-31', at('2020-01-10')));
    expect(claim).toMatchObject({ data: { eligibleOre: 450_002, claimedRefundOre: 360_001 } });
    accepted(review('I-2019-1', at('2020-01-15')));
    expect(codesOf(onLedger(approve('I-2019-1', at('2020-01-20'), { approvedBy: 'karin.sagsbehandler' })))).toEqual([
      'FOUR_EYES_REQUIRED',
    ]);
    const [approval] = accepted(approve('I-2019-1', at('2020-01-20')));
    expect(approval).toMatchObject({ data: { approvedRefundOre: 360_001 } });
  });

  it('31 January 2020: the first run pays 360,001 øre, once', () => {
    const { run, paidOre } = payoutRun('2020-01-31');
    expect(paidOre).toBe(360_001);
    expect(run).toMatchObject({ status: 'completed', paid: ['PF-mangelpulje-2019-101-20200131'], unpaid: [] });
    // the payment port is called again with the same reference (a retry): the ledger refuses it
    expect(codesOf(onLedger(payment('2020-01-31', 360_001, ['I-2019-1'])))).toEqual(['ALREADY_PAID']);
    expect(ledgerFigures(ledger)).toMatchObject({ approvedRefundOre: 360_001, paidOre: 360_001 });
  });

  it('spring 2020: 2020 expenses, the final claim for 2019, cut in review, settled with a repayment demand', () => {
    accepted(expense('KBH-A', 'A-4', 200_000, '2020-01-15'));
    accepted(expense('KBH-C', 'C-1', 100_000, '2020-03-02'));
    const [final] = accepted(finalClaim('F-2019', 2019, '2019-12-31', at('2020-03-20')));
    expect(final).toMatchObject({ data: { eligibleOre: 450_002, claimedRefundOre: 360_001 } });
    accepted(
      review('F-2019', at('2020-04-15'), [
        { courseId: 'KBH-A', expenseId: 'A-2', approvedOre: 20_001, reason: 'Materialer ikke dokumenteret' },
      ]),
    );
    const events = accepted(approve('F-2019', at('2020-04-20')));
    expect(events.map((e) => e.type)).toEqual(['ClaimApproved', 'BudgetYearSettled', 'RepaymentDemanded']);
    expect(events[0]).toMatchObject({ data: { approvedEligibleOre: 420_002, approvedRefundOre: 336_001 } });
    expect(events[1]).toMatchObject({
      data: { budgetYear: 2019, approvedRefundOre: 336_001, paidOre: 360_001, owedOre: 0, repaymentOre: 24_000 },
    });
    expect(events[2]).toMatchObject({ data: { budgetYear: 2019, amountOre: 24_000 } });
  });

  it('30 April 2020: the run finds nothing to pay', () => {
    expect(payableOf(ledger)).toEqual({ amountOre: 0, claimIds: [] });
    expect(payoutRun('2020-04-30').paidOre).toBe(0);
  });

  it('the cancelled course keeps what came before its cancellation', () => {
    accepted(expense('KBH-C', 'C-3', 25_000, '2020-04-10', { category: 'materialer', at: at('2020-05-01') }));
    expect(codesOf(onLedger(expense('KBH-C', 'C-2', 5_000, '2020-04-20', { category: 'transport' })))).toEqual([
      'EXPENSE_AFTER_CANCELLATION',
    ]);
  });

  it('July 2020: an interim claim for 2020, approved, paid by the run of 31 July', () => {
    const [claim] = accepted(interimClaim('I-2020-1', 2020, '2020-06-30', at('2020-07-06')));
    expect(claim).toMatchObject({ data: { eligibleOre: 325_000, claimedRefundOre: 260_000 } });
    accepted(review('I-2020-1', at('2020-07-10')));
    accepted(approve('I-2020-1', at('2020-07-15')));
    expect(payoutRun('2020-07-31').paidOre).toBe(260_000);
  });

  it('autumn 2020 and the run-off into 2021', () => {
    accepted(expense('KBH-B', 'B-1', 300_000, '2020-09-01'));
    const [runOff] = accepted(expense('KBH-B', 'B-2', 150_000, '2021-01-20', { category: 'vejledning' }));
    expect(runOff).toMatchObject({ data: { budgetYear: 2020 } });
    expect(codesOf(onLedger(expense('KBH-A', 'A-5', 8_000, '2021-01-05', { category: 'transport' })))).toEqual([
      'OUTSIDE_BUDGET_YEARS',
    ]);
  });

  it('April 2021: the final claim for 2020, settled, and the unused tilsagn lapses', () => {
    const [final] = accepted(finalClaim('F-2020', 2020, '2021-02-28', at('2021-03-15')));
    expect(final).toMatchObject({ data: { eligibleOre: 775_000, claimedRefundOre: 620_000 } });
    accepted(
      review('F-2020', at('2021-04-12'), [
        { courseId: 'KBH-B', expenseId: 'B-2', approvedOre: 100_000, reason: 'Vejledning delvist uden for forløbet' },
      ]),
    );
    const events = accepted(approve('F-2020', at('2021-04-20')));
    expect(events.map((e) => e.type)).toEqual(['ClaimApproved', 'BudgetYearSettled', 'CommitmentLapsed']);
    expect(events[1]).toMatchObject({
      data: { budgetYear: 2020, approvedRefundOre: 580_000, paidOre: 260_000, owedOre: 320_000, repaymentOre: 0 },
    });
    expect(events[2]).toMatchObject({
      data: { commitmentOre: 1_000_000, approvedRefundOre: 916_001, lapsedOre: 83_999, reason: 'settled' },
    });
    expect(ledger.status).toBe('closed');
    // the pool closes for the municipality at once; for the pool, when every municipality has settled
    const closesAt = parseInstant(mangelpulje2019.calendar.closesAt);
    expect(poolIsClosed([ledger], closesAt, at('2021-04-20'))).toBe(true);
    expect(poolIsClosed([ledger, ledgerDecider.initialState()], closesAt, at('2021-04-20'))).toBe(false);
    expect(poolIsClosed([ledger, ledgerDecider.initialState()], closesAt, closesAt)).toBe(true);
  });

  it('29 April 2021: the run pays what 2020 was still owed; then every figure is as worked out by hand', () => {
    expect(payoutRun('2021-04-29').paidOre).toBe(320_000);
    expect(ledgerFigures(ledger)).toEqual({
      expensesOre: 1_225_002,
      claimedRefundOre: 980_001,
      approvedRefundOre: 916_001,
      paidOre: 940_001,
      repaymentDemandedOre: 24_000,
      repaidOre: 0,
      repaymentOutstandingOre: 24_000,
      lapsedOre: 83_999,
      remainingCommitmentOre: 83_999,
    });
    expect(ledger.payments.map((p) => [p.reference, p.amountOre])).toEqual([
      ['PF-mangelpulje-2019-101-20200131', 360_001],
      ['PF-mangelpulje-2019-101-20200731', 260_000],
      ['PF-mangelpulje-2019-101-20210429', 320_000],
    ]);
    // the record survives a trip through the event store's jsonb
    const fromStore: LedgerEvent[] = JSON.parse(JSON.stringify(recorded));
    expect(fromStore.reduce(ledgerDecider.evolve, ledgerDecider.initialState())).toEqual(ledger);
  });
});
