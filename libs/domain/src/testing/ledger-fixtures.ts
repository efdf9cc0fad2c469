// Fixtures for the tests of the money: mangelpulje-2019, Københavns Kommune (101) with a tilsagn of
// 1,000,000 øre, and three courses. Test-only: not exported from the package's index.

import { addDays, copenhagenInstant, type IsoDate } from '../calendar';
import type { Commitment, CommitmentEvent } from '../commitment/commitment';
import { commitmentDecider } from '../commitment/decide';
import type { Course, CourseEvent } from '../course/course';
import { courseDecider } from '../course/decide';
import { replay, type Decision } from '../decision';
import type {
  ApproveClaim,
  ClaimRefund,
  CloseLedger,
  LedgerCommand,
  RecordExpense,
  RecordPayment,
  ReviewClaim,
  ReviewCut,
} from '../ledger/decide';
import { ledgerDecider } from '../ledger/decide';
import type { ExpenseIncurred, FinalStatement, LedgerEvent } from '../ledger/ledger';
import type { Ore } from '../money';
import { paymentReference } from '../payout-run/payment-reference';
import { mangelpulje2019 } from '../pool-definition';
import { poolDecider } from '../pool/decide';

export const poolId = 'mangelpulje-2019';
export const municipalityCode = '101';

/** mangelpulje-2019, opened (its budget years 2019–2020, 80 %, final claims by 1 April 12:00). */
export const pool = replay(poolDecider, [{ type: 'PoolOpened', data: { poolId, definition: mangelpulje2019 } }]);

/** A Copenhagen instant: at('2020-04-01', '11:59:59') */
export const at = (date: IsoDate, time = '10:00'): Date => copenhagenInstant(date, time);

/** The municipality's tilsagn, issued 3 Dec 2019. */
export const commitmentOf = (amountOre: Ore = 1_000_000, code = municipalityCode): Commitment => {
  const events: CommitmentEvent[] = [
    {
      type: 'CommitmentPrepared',
      data: { poolId, municipalityCode: code, amountOre, preparedBy: 'caseworker', preparedAt: '2019-12-02T09:00:00Z' },
    },
    {
      type: 'CommitmentIssued',
      data: {
        poolId,
        municipalityCode: code,
        amountOre,
        preparedBy: 'caseworker',
        approvedBy: 'approver',
        issuedAt: '2019-12-03T13:30:00Z',
      },
    },
  ];
  return replay(commitmentDecider, events);
};

export const commitment = commitmentOf();

/** A course whose start was accepted (and cancelled, when `cancelledOn` is given). */
export const courseOf = (
  courseId: string,
  startDate: IsoDate,
  endDate: IsoDate,
  { cancelledOn, code = municipalityCode }: { cancelledOn?: IsoDate; code?: string } = {},
): Course => {
  const events: CourseEvent[] = [
    {
      type: 'CourseStarted',
      data: {
        poolId,
        municipalityCode: code,
        courseId,
        citizen: { pseudonym: `p:${courseId}` },
        targetGroup: 'sygedagpenge',
        employerDeclaration: {
          cvr: '12345678',
          employerName: 'Plejecenter Sølund',
          jobTitle: 'Social- og sundhedsassistent',
          rarArea: 'Hovedstaden',
          signedOn: startDate,
          expectedEmploymentStart: addDays(endDate, 1),
          withoutWageSubsidy: true,
        },
        course: {
          title: 'Opkvalificering til social- og sundhedsassistent',
          provider: 'SOSU H',
          category: 'opkvalificering',
          startDate,
          endDate,
          estimatedCostOre: 1_000_000,
        },
        decidedAt: at(startDate).toISOString(),
        basis: {
          poolDefinitionVersion: 1,
          poolAmendments: 0,
          balanceVersion: 'amb-sample',
          balanceHalfYear: null,
          shortageStatus: 'mangel',
        },
      },
    },
    ...(cancelledOn === undefined
      ? []
      : [
          {
            type: 'CourseCancelled',
            data: {
              poolId,
              municipalityCode: code,
              courseId,
              cancelledOn,
              reason: 'Deltageren fik job før tid',
              decidedAt: at(cancelledOn).toISOString(),
            },
          } satisfies CourseEvent,
        ]),
  ];
  return replay(courseDecider, events);
};

/** A: started in 2019 (expenses in 2019 and 2020, none after). B: started in 2020, runs into 2021 (run-off to 2020).
 * C: started in 2020, cancelled on 15 April 2020. */
export const courses = {
  'KBH-A': courseOf('KBH-A', '2019-12-16', '2020-03-13'),
  'KBH-B': courseOf('KBH-B', '2020-09-01', '2021-02-26'),
  'KBH-C': courseOf('KBH-C', '2020-03-02', '2020-05-29', { cancelledOn: '2020-04-15' }),
} as const;

export type CourseId = keyof typeof courses;

/** An expense report, made at 09:00 the day after it was incurred unless `at` says otherwise. */
export const expense = (
  courseId: CourseId,
  expenseId: string,
  amountOre: Ore,
  incurredOn: IsoDate,
  change: Partial<RecordExpense['data']> = {},
): RecordExpense => ({
  type: 'RecordExpense',
  data: {
    municipalityCode,
    courseId,
    expenseId,
    category: 'kursusafgift',
    amountOre,
    incurredOn,
    invoiceRef: `FAK-${expenseId}`,
    at: at(addDays(incurredOn, 1), '09:00'),
    course: courses[courseId],
    pool,
    ...change,
  },
});

/** The event an accepted expense report records. */
export const incurred = (command: RecordExpense, budgetYear: number): ExpenseIncurred => {
  const { courseId, expenseId, category, amountOre, incurredOn, invoiceRef, at: decidedAt } = command.data;
  return {
    type: 'ExpenseIncurred',
    data: {
      poolId,
      municipalityCode,
      courseId,
      expenseId,
      category: category as ExpenseIncurred['data']['category'],
      amountOre,
      incurredOn,
      invoiceRef,
      budgetYear,
      decidedAt: decidedAt.toISOString(),
    },
  };
};

export const statement: FinalStatement = {
  signedBy: 'Kommunaldirektør Jens Hansen',
  auditorCertified: true,
  documentRef: 'REV-101-ERKLAERING',
};

export const interimClaim = (
  claimId: string,
  budgetYear: number,
  upTo: IsoDate,
  claimedAt: Date,
  change: Partial<ClaimRefund['data']> = {},
): ClaimRefund => ({
  type: 'ClaimRefund',
  data: {
    municipalityCode,
    poolId,
    claimId,
    budgetYear,
    kind: 'interim',
    upTo,
    at: claimedAt,
    pool,
    commitment,
    ...change,
  },
});

export const finalClaim = (
  claimId: string,
  budgetYear: number,
  upTo: IsoDate,
  claimedAt: Date,
  change: Partial<ClaimRefund['data']> = {},
): ClaimRefund => ({
  type: 'ClaimRefund',
  data: {
    municipalityCode,
    poolId,
    claimId,
    budgetYear,
    kind: 'final',
    upTo,
    statement,
    at: claimedAt,
    pool,
    commitment,
    ...change,
  },
});

export const review = (
  claimId: string,
  reviewedAt: Date,
  cuts: ReviewCut[] = [],
  reviewedBy = 'karin.sagsbehandler',
): ReviewClaim => ({ type: 'ReviewClaim', data: { claimId, reviewedBy, cuts, at: reviewedAt } });

export const approve = (
  claimId: string,
  approvedAt: Date,
  change: Partial<ApproveClaim['data']> = {},
): ApproveClaim => ({
  type: 'ApproveClaim',
  data: { claimId, approvedBy: 'per.godkender', at: approvedAt, pool, commitment, ...change },
});

export const payment = (
  runDate: IsoDate,
  amountOre: Ore,
  claimIds: string[],
  change: Partial<RecordPayment['data']> = {},
): RecordPayment => ({
  type: 'RecordPayment',
  data: {
    reference: paymentReference(poolId, municipalityCode, runDate),
    runDate,
    amountOre,
    claimIds,
    at: at(runDate, '14:00'),
    ...change,
  },
});

export const closeLedger = (closedAt: Date, change: Partial<CloseLedger['data']> = {}): CloseLedger => ({
  type: 'CloseLedger',
  data: { at: closedAt, pool, commitment, ...change },
});

/** Decides each command in turn on the ledger the earlier ones left, appending the events; throws with the reasons
 * if one is refused (for building a history through the real decider). */
export const history = (commands: readonly LedgerCommand[], from: readonly LedgerEvent[] = []): LedgerEvent[] =>
  commands.reduce<LedgerEvent[]>((events, command) => {
    const decision: Decision<LedgerEvent> = ledgerDecider.decide(command, replay(ledgerDecider, events));
    if (!decision.ok) {
      throw new Error(`${command.type} refused: ${decision.reasons.map((r) => `${r.code} ${r.message}`).join('; ')}`);
    }
    return [...events, ...decision.events];
  }, [...from]);
