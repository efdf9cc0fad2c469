// The ledger invariants hold after every decision of any sequence of commands, checked here from the recorded
// events alone (not through figures.ts, which the deciders use): approved ≤ 80 % of what the reviews accepted,
// approved ≤ the commitment, paid less repayments ≤ approved per budget year and in all.

import fc from 'fast-check';
import { addDays, type IsoDate } from '../calendar';
import type { ReasonCode } from '../decision';
import { mangelpulje2019 } from '../pool-definition';
import {
  approve,
  at,
  commitmentOf,
  expense,
  finalClaim,
  interimClaim,
  payment,
  review,
  type CourseId,
} from '../testing/ledger-fixtures';
import { ledgerDecider, type LedgerCommand } from './decide';
import { ledgerFigures, payableOf } from './figures';
import type { Ledger, LedgerEvent } from './ledger';

type Step =
  | { kind: 'expense'; course: CourseId; amountOre: number; day: number }
  | { kind: 'claim'; year: 2019 | 2020; final: boolean; upToDay: number }
  | { kind: 'review'; claim: number; keptPercent: number[] }
  | { kind: 'approve'; claim: number; byReviewer: boolean }
  | { kind: 'pay'; how: 'payable' | 'over' | 'any'; amountOre: number; claims: number[] };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant('expense' as const),
      course: fc.constantFrom<CourseId>('KBH-A', 'KBH-B', 'KBH-C'),
      amountOre: fc.integer({ min: 1, max: 500_000 }),
      day: fc.nat({ max: 400 }),
    }),
    weight: 4,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('claim' as const),
      year: fc.constantFrom<2019 | 2020>(2019, 2020),
      final: fc.nat({ max: 3 }).map((n) => n === 0), // most claims a conto, as in a year
      upToDay: fc.nat({ max: 400 }),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('review' as const),
      claim: fc.nat({ max: 9 }),
      keptPercent: fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 30, maxLength: 30 }),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('approve' as const),
      claim: fc.nat({ max: 9 }),
      byReviewer: fc.nat({ max: 9 }).map((n) => n < 2), // the reviewer tries to approve, now and then
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('pay' as const),
      how: fc.constantFrom<'payable' | 'over' | 'any'>('payable', 'payable', 'over', 'any'),
      amountOre: fc.integer({ min: 1, max: 800_000 }),
      claims: fc.array(fc.nat({ max: 9 }), { minLength: 1, maxLength: 3 }),
    }),
    weight: 3,
  },
);

/** Where the courses' expenses fall: A from 16 Dec 2019 for 200 days, B from 1 Sep 2020 for 200 days (run-off into
 * 2021), C from 2 Mar 2020 for 60 days (cancelled 15 Apr: the later ones are refused). */
const EXPENSE_DAYS: Record<CourseId, { from: IsoDate; days: number }> = {
  'KBH-A': { from: '2019-12-16', days: 200 },
  'KBH-B': { from: '2020-09-01', days: 200 },
  'KBH-C': { from: '2020-03-02', days: 60 },
};

/** Turns a step into a command, given the ledger so far; undefined when it makes no sense yet (no claim to name). */
const commandOf = (
  step: Step,
  state: Ledger,
  commitmentOre: number,
  i: number,
  runs: IsoDate[],
): LedgerCommand | undefined => {
  const commitment = commitmentOf(commitmentOre);
  const claimIds = state.claims.map((claim) => claim.claimId);
  const nthClaim = (n: number) => (claimIds.length === 0 ? undefined : claimIds[n % claimIds.length]);
  switch (step.kind) {
    case 'expense': {
      const { from, days } = EXPENSE_DAYS[step.course];
      const incurredOn = addDays(from, step.day % days);
      return expense(step.course, `E-${i}`, step.amountOre, incurredOn, { at: at(addDays(incurredOn, 1)) });
    }
    case 'claim': {
      // 2019 claims up to its last days; 2020 claims up to a day of 2020 or of the run-off into 2021
      const upTo = step.year === 2019 ? addDays('2019-12-20', step.upToDay % 12) : addDays('2020-01-01', step.upToDay);
      const claimedAt = at(step.year === 2019 ? '2020-03-20' : '2021-03-15');
      return step.final
        ? finalClaim(`F-${i}`, step.year, upTo, claimedAt, { commitment })
        : interimClaim(`I-${i}`, step.year, upTo, claimedAt, { commitment });
    }
    case 'review': {
      // a claim not yet approved (an approved one is refused, which the sequences also reach by approving twice)
      const pending = state.claims.filter((c) => c.status !== 'approved');
      const claim = pending[step.claim % Math.max(1, pending.length)];
      if (claim === undefined) return undefined;
      const cuts = claim.expenses.map((e, k) => ({
        courseId: e.courseId,
        expenseId: e.expenseId,
        // a final review cuts harder (the auditor's statement), so that it often approves less than was paid a conto
        approvedOre: Math.floor((e.amountOre * step.keptPercent[k % 30]!) / (claim.kind === 'final' ? 200 : 100)),
        reason: 'Skønnet delvist',
      }));
      return review(claim.claimId, at('2021-03-20'), cuts);
    }
    case 'approve': {
      const reviewed = state.claims.filter((c) => c.status === 'reviewed');
      const claimId = reviewed.length === 0 ? nthClaim(step.claim) : reviewed[step.claim % reviewed.length]!.claimId;
      if (claimId === undefined) return undefined;
      return approve(claimId, at('2021-03-25'), {
        commitment,
        ...(step.byReviewer ? { approvedBy: 'karin.sagsbehandler' } : {}),
      });
    }
    case 'pay': {
      const runDate = runs.shift();
      if (runDate === undefined) return undefined;
      if (step.how === 'any') {
        const ids = step.claims.map(nthClaim).filter((id): id is string => id !== undefined);
        return payment(runDate, step.amountOre, ids.length === 0 ? ['none'] : ids);
      }
      const payable = payableOf(state);
      if (payable.amountOre === 0) return payment(runDate, step.amountOre, claimIds.length === 0 ? ['none'] : claimIds);
      const extra = step.how === 'over' ? step.amountOre : 0;
      return payment(runDate, payable.amountOre + extra, payable.claimIds);
    }
  }
};

/** Every invariant, from the events alone. */
const invariantsHold = (events: readonly LedgerEvent[], commitmentOre: number): boolean => {
  const yearOf = new Map<string, number>();
  const eligibleOf = new Map<string, number>();
  const interimApproved = new Map<number, number>();
  const finalApproved = new Map<number, number>();
  const paid = new Map<number, number>();
  const demanded = new Map<number, number>();
  const add = (map: Map<number, number>, year: number, amount: number) => map.set(year, (map.get(year) ?? 0) + amount);
  let paidInAll = 0;
  for (const { type, data } of events) {
    if (type === 'RefundClaimed') {
      yearOf.set(data.claimId, data.budgetYear);
      eligibleOf.set(data.claimId, data.eligibleOre);
    }
    if (type === 'ClaimApproved') {
      const { approvedRefundOre, approvedEligibleOre, claimId, budgetYear, kind } = data;
      if (BigInt(approvedRefundOre) * 10_000n > BigInt(approvedEligibleOre) * 8_000n) return false;
      if (approvedEligibleOre > eligibleOf.get(claimId)!) return false;
      if (kind === 'final') finalApproved.set(budgetYear, approvedRefundOre);
      else add(interimApproved, budgetYear, approvedRefundOre);
    }
    if (type === 'PaymentMade') {
      paidInAll += data.amountOre;
      if (data.claims.reduce((sum, part) => sum + part.amountOre, 0) !== data.amountOre) return false;
      for (const part of data.claims) add(paid, yearOf.get(part.claimId)!, part.amountOre);
    }
    if (type === 'RepaymentDemanded') add(demanded, data.budgetYear, data.amountOre);
  }
  const years = [2019, 2020];
  const approvedOf = (year: number) => finalApproved.get(year) ?? interimApproved.get(year) ?? 0;
  const approvedInAll = years.reduce((sum, year) => sum + approvedOf(year), 0);
  const demandedInAll = years.reduce((sum, year) => sum + (demanded.get(year) ?? 0), 0);
  return (
    years.every((year) => (paid.get(year) ?? 0) - (demanded.get(year) ?? 0) <= approvedOf(year)) &&
    approvedInAll <= commitmentOre &&
    paidInAll - demandedInAll <= approvedInAll
  );
};

describe('the ledger invariants across random sequences of decisions', () => {
  it('keeps approved ≤ 80 % of eligible and ≤ the commitment, and paid ≤ approved, after every decision', () => {
    const refusals = new Map<ReasonCode, number>();
    let payments = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 100_000, max: 3_000_000 }),
        fc.array(stepArb, { minLength: 10, maxLength: 80, size: 'max' }),
        (commitmentOre, steps) => {
          const runs = [...mangelpulje2019.calendar.payoutRunDates];
          let state = ledgerDecider.initialState();
          const events: LedgerEvent[] = [];
          for (const [i, step] of steps.entries()) {
            const command = commandOf(step, state, commitmentOre, i, runs);
            if (command === undefined) continue;
            const decision = ledgerDecider.decide(command, state);
            if (!decision.ok) {
              for (const r of decision.reasons) refusals.set(r.code, (refusals.get(r.code) ?? 0) + 1);
              continue;
            }
            events.push(...decision.events);
            state = decision.events.reduce(ledgerDecider.evolve, state);
            payments += decision.events.filter((e) => e.type === 'PaymentMade').length;
            if (!invariantsHold(events, commitmentOre)) return false;
            // the figures the read model shows agree with the events
            const figures = ledgerFigures(state);
            if (figures.paidOre - figures.repaymentDemandedOre > figures.approvedRefundOre) return false;
            if (figures.approvedRefundOre > commitmentOre) return false;
          }
          return true;
        },
      ),
      { numRuns: 150 },
    );
    // the sequences reach the interesting places: payments made, overpayments and the reviewer's approval refused.
    // (Repayment demands are reached too, but rarely enough that counting them would make the test flaky; the
    // given/when/then and worked-example tests show them.)
    expect(payments).toBeGreaterThan(20);
    expect(refusals.get('PAID_EXCEEDS_APPROVED') ?? 0).toBeGreaterThan(10);
    expect(refusals.get('FOUR_EYES_REQUIRED') ?? 0).toBeGreaterThan(0);
  }, 60_000);
});
