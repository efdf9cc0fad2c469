// Decisions about a municipality's money in a pool (docs/domain.md §7–10): expenses, refund claims, their review and
// approval (four-eyes), payments, the final settlement of each budget year and the lapse of the unused tilsagn.
// The course, the pool and the commitment come in the command; the decision reads no store and no clock. Every
// decision is checked against the ledger invariants on the state it would leave (keepingInvariants): one that would
// break one is refused and records nothing.
//
// Decisions of ours, where docs/domain.md is silent:
// - Interim claims are a conto; the final claim is the year's statement (endelig opgørelse). It covers every reported
//   expense of the year up to its date, those already in interim claims included, and its review may cut any of them
//   (a cut from an interim review is carried into it unless the reviewer changes it). Its approval replaces the
//   year's interim approvals and settles the year in the same decision: what was paid on the interim claims counts
//   towards it, the rest is owed, and what was paid beyond it is demanded back. (docs/municipal-api.md: a claim "claims
//   every reported, unclaimed expense"; for a final claim, "unclaimed" means not yet finally claimed.)
// - The commitment caps the refund twice: at the claim, on the refund claimed (commitment − refunds approved then),
//   and at the approval, on the refund approved (commitment − refunds approved by then, other years' only for a final
//   claim, which replaces its own year's). Claims waiting for approval are not reserved: the cap at the approval is
//   the one that keeps approved ≤ commitment.
// - Expenses dated on the cancellation day are kept; only those after it are refused. An expense recorded before a
//   cancellation that was reported later and dated earlier stays recorded: the caseworker cuts it in the review.
// - The claim deadline of a budget year (the final claim's, never moved) ends every claim for that year, interim too.
// - Expenses of a year whose final claim exists are refused: nothing could claim them any more.

import { copenhagenDateOf, isValidIsoDate, parseInstant, toCopenhagenIso, type IsoDate } from '../calendar';
import type { Commitment, IssuedCommitment } from '../commitment/commitment';
import type { Course, StartedCourse, CancelledCourse, CompletedCourse } from '../course/course';
import {
  acceptUnless,
  reason,
  rejected,
  type Check,
  type Command,
  type Decider,
  type Decision,
  type Reason,
} from '../decision';
import { isSecondPerson, personIsNamed } from '../four-eyes';
import { formatOre, isOre, sumOre, type Ore } from '../money';
import { isMunicipalityCode, type MunicipalityCode } from '../municipality';
import { paymentReference } from '../payout-run/payment-reference';
import { isKnownPool, type AllocatedPool, type OpenedPool, type Pool } from '../pool/pool';
import {
  approvedRefundOfYear,
  approvedRefundTotal,
  claimPayableOre,
  finalClaimOf,
  ledgerInvariants,
  netPaidOfYear,
  settlementOf,
  spreadOverClaims,
} from './figures';
import {
  CLAIM_KINDS,
  EXPENSE_CATEGORIES,
  NON_REFUNDABLE_EXPENSE_CATEGORIES,
  evolve,
  expenseKey,
  initialState,
  isSameExpense,
  type BudgetYearSettled,
  type Claim,
  type ClaimApproved,
  type ClaimKind,
  type ClaimReviewed,
  type CommitmentLapsed,
  type Expense,
  type ExpenseCategory,
  type ExpenseCut,
  type ExpenseIncurred,
  type FinalStatement,
  type Ledger,
  type LedgerEvent,
  type PaymentMade,
  type RefundClaimed,
  type RepaymentDemanded,
} from './ledger';
import { budgetYearOf, cappedRefund } from './refund';
import {
  confirmRepaymentReceipt,
  prepareRepaymentReceipt,
  type ConfirmRepaymentReceipt,
  type PrepareRepaymentReceipt,
} from './repayments';

/////////////////////////////////////////
////////// Commands
/////////////////////////////////////////

/** A municipality reports an expense of a course (docs/municipal-api.md `ExpenseIncurred`). */
export type RecordExpense = Command<
  'RecordExpense',
  {
    municipalityCode: MunicipalityCode;
    courseId: string;
    expenseId: string;
    category: string;
    amountOre: Ore;
    incurredOn: IsoDate;
    invoiceRef: string;
    at: Date;
    /** The course's state, from its stream: started? cancelled when? started when (for run-off)? */
    course: Course;
    /** The state of the course's pool: its budget years. */
    pool: Pool;
  }
>;

/** A municipality claims a refund (docs/municipal-api.md `RefundClaimed`). */
export type ClaimRefund = Command<
  'ClaimRefund',
  {
    municipalityCode: MunicipalityCode;
    poolId: string;
    claimId: string;
    budgetYear: number;
    kind: string;
    upTo: IsoDate;
    /** Required on a final claim. */
    statement?: FinalStatement;
    at: Date;
    /** The pool's state: budget years, refund rate, claim deadlines. */
    pool: Pool;
    /** The municipality's commitment in the pool, which caps the refund. */
    commitment: Commitment;
  }
>;

/** A cut the reviewer makes: the expense approved for `approvedOre` (less than its amount needs a reason). */
export type ReviewCut = Readonly<{ courseId: string; expenseId: string; approvedOre: Ore; reason?: string }>;

/** A caseworker reviews a claim: in full (no cuts) or in part. */
export type ReviewClaim = Command<
  'ReviewClaim',
  { claimId: string; reviewedBy: string; cuts: readonly ReviewCut[]; at: Date }
>;

/** A second person approves the review (four-eyes). */
export type ApproveClaim = Command<
  'ApproveClaim',
  { claimId: string; approvedBy: string; at: Date; pool: Pool; commitment: Commitment }
>;

/** A payment of a released payout run was made (or is about to be: a decision is pure, so the caller may ask it
 * before calling the payment port and append its event after). */
export type RecordPayment = Command<
  'RecordPayment',
  { reference: string; runDate: IsoDate; amountOre: Ore; claimIds: readonly string[]; at: Date }
>;

/** Sent at the pool's closing (closesAt) to a ledger not yet closed by its last settlement. */
export type CloseLedger = Command<'CloseLedger', { at: Date; pool: Pool; commitment: Commitment }>;

export type LedgerCommand =
  | RecordExpense
  | ClaimRefund
  | ReviewClaim
  | ApproveClaim
  | RecordPayment
  | CloseLedger
  | PrepareRepaymentReceipt
  | ConfirmRepaymentReceipt;

/////////////////////////////////////////
////////// Rules
/////////////////////////////////////////

type KnownPool = OpenedPool | AllocatedPool;
type CourseWithStart = StartedCourse | CancelledCourse | CompletedCourse;

const isFailure = (check: Check): check is Reason => check !== undefined;

const isBlank = (value: unknown): boolean => typeof value !== 'string' || value.trim().length === 0;

// --- well-formed values (SCHEMA_INVALID). The api validates shapes with zod first; these keep the decision total.

const textIsGiven = (value: unknown, what: string): Check =>
  isBlank(value) ? reason('SCHEMA_INVALID', `${what} is missing.`) : undefined;

const isDate = (value: unknown, what: string): Check =>
  typeof value === 'string' && isValidIsoDate(value)
    ? undefined
    : reason('SCHEMA_INVALID', `${what} must be a date 'YYYY-MM-DD', got ${JSON.stringify(value ?? null)}.`);

const instantIsValid = (at: Date): Check =>
  at instanceof Date && !Number.isNaN(at.getTime())
    ? undefined
    : reason('SCHEMA_INVALID', 'The time of the decision is not a valid instant.');

const municipalityCodeIsValid = (municipalityCode: string): Check =>
  isMunicipalityCode(municipalityCode)
    ? undefined
    : reason('SCHEMA_INVALID', `"${municipalityCode}" is not a municipality code (3 digits).`);

/** Money is a positive whole number of øre (docs/municipal-api.md). */
const amountIsPositive = (amountOre: Ore): Check =>
  isOre(amountOre) && amountOre > 0
    ? undefined
    : reason('INVALID_AMOUNT', `The amount must be a whole number of øre above 0, got ${String(amountOre)}.`);

// --- the stream

const ledgerIsOpen = (state: Ledger): Check =>
  state.status === 'open'
    ? undefined
    : reason(
        'LEDGER_CLOSED',
        `The municipality's part of the pool is closed: its commitment lapsed ` +
          `${state.lapse === undefined ? '' : `at ${toCopenhagenIso(state.lapse.lapsedAt)} `}(docs/domain.md §10).`,
      );

/** A command reaches the ledger of its own pool and municipality (the stream id says which). */
const isThisLedger = (state: Ledger, poolId: string, municipalityCode: MunicipalityCode): Check =>
  state.poolId === undefined || (state.poolId === poolId && state.municipalityCode === municipalityCode)
    ? undefined
    : reason(
        'SCHEMA_INVALID',
        `This is the ledger of municipality ${state.municipalityCode} in pool "${state.poolId}", not of ` +
          `${municipalityCode} in "${poolId}".`,
      );

const isThePool = (pool: Pool, poolId: string): pool is KnownPool =>
  isKnownPool(pool) && pool.definition.poolId === poolId;

const unknownPool = (poolId: string): Reason => reason('UNKNOWN_POOL', `There is no open pool "${poolId}".`);

const isIssuedCommitment = (
  commitment: Commitment,
  poolId: string,
  municipalityCode: MunicipalityCode,
): commitment is IssuedCommitment =>
  commitment.status === 'issued' && commitment.poolId === poolId && commitment.municipalityCode === municipalityCode;

const noCommitment = (poolId: string, municipalityCode: MunicipalityCode): Reason =>
  reason('NO_COMMITMENT', `Municipality ${municipalityCode} has no commitment (tilsagn) issued in pool "${poolId}".`);

const unknownClaim = (claimId: string): Reason => reason('UNKNOWN_CLAIM', `There is no claim "${claimId}".`);

/** docs/domain.md §8: one final claim per budget year; no interim claim, and no expense, for a year after it. */
const yearHasNoFinalClaim = (state: Ledger, budgetYear: number | undefined, what: string): Check => {
  const final = budgetYear === undefined ? undefined : finalClaimOf(state, budgetYear);
  return final === undefined
    ? undefined
    : reason(
        'FINAL_CLAIM_EXISTS',
        `The budget year ${budgetYear} has its final claim ("${final.claimId}", ` +
          `${toCopenhagenIso(final.claimedAt)}); ${what}.`,
      );
};

// --- docs/domain.md §7–8, expenses

const categoryIsKnown = (category: string): Check =>
  (EXPENSE_CATEGORIES as readonly string[]).includes(category)
    ? undefined
    : reason('SCHEMA_INVALID', `"${category}" is not an expense category: ${EXPENSE_CATEGORIES.join(', ')}.`);

/** docs/domain.md §7: "Benefits paid to the citizen (ydelse) are not refundable". */
const isRefundable = (category: string): Check =>
  (NON_REFUNDABLE_EXPENSE_CATEGORIES as readonly string[]).includes(category)
    ? reason(
        'EXPENSE_NOT_REFUNDABLE',
        `Expenses of category "${category}" (benefits paid to the citizen) are not refundable (docs/domain.md §7).`,
      )
    : undefined;

/** The expense is of a course of the municipality whose start was accepted. */
const isStartedCourse = (
  course: Course,
  courseId: string,
  municipalityCode: MunicipalityCode,
): course is CourseWithStart =>
  course.status !== 'none' && course.start.courseId === courseId && course.start.municipalityCode === municipalityCode;

const unknownCourse = (courseId: string): Reason =>
  reason('UNKNOWN_COURSE', `No start of course "${courseId}" has been accepted; report the start first.`);

/** docs/domain.md §7: "A cancelled course keeps the expenses incurred before the cancellation". Decision: the cancellation
 * day itself is kept (the course stopped that day, its costs of the day included). */
const incurredByCancellation = (course: CourseWithStart, incurredOn: IsoDate | undefined): Check =>
  course.cancelledOn === undefined || incurredOn === undefined || incurredOn <= course.cancelledOn
    ? undefined
    : reason(
        'EXPENSE_AFTER_CANCELLATION',
        `The expense was incurred on ${incurredOn}, after the course was cancelled on ${course.cancelledOn}.`,
      );

/** docs/domain.md §7: municipalities report "expenses per course": the costs of a course that has started, from its
 * start date on (the start day itself included). */
const incurredSinceStart = (course: CourseWithStart, incurredOn: IsoDate | undefined): Check =>
  incurredOn === undefined || incurredOn >= course.start.course.startDate
    ? undefined
    : reason(
        'EXPENSE_BEFORE_COURSE_START',
        `The expense was incurred on ${incurredOn}, before course "${course.start.courseId}" started on ` +
          `${course.start.course.startDate}.`,
      );

/** An expense is reported once it has been incurred, not before. */
const notInTheFuture = (incurredOn: IsoDate | undefined, at: Date): Check =>
  incurredOn === undefined || incurredOn <= copenhagenDateOf(at)
    ? undefined
    : reason('EXPENSE_IN_FUTURE', `The expense is dated ${incurredOn}, after the day it is reported.`);

/** docs/municipal-api.md: expenseId is unique per course. */
const expenseIdIsNew = (state: Ledger, courseId: string, expenseId: string): Check => {
  const earlier = state.expenses.find((expense) => isSameExpense(expense, { courseId, expenseId }));
  return earlier === undefined
    ? undefined
    : reason(
        'DUPLICATE_EXPENSE_ID',
        `Expense "${expenseId}" of course "${courseId}" was already recorded ` +
          `(${formatOre(earlier.amountOre)}, incurred ${earlier.incurredOn}); report a new expense under a new id.`,
      );
};

/** docs/domain.md §8: an expense books to a budget year of the pool (see budgetYearOf). */
const booksToABudgetYear = (
  budgetYear: number | undefined,
  incurredOn: IsoDate | undefined,
  pool: KnownPool,
  courseStartDate: IsoDate,
): Check =>
  budgetYear !== undefined || incurredOn === undefined
    ? undefined
    : reason(
        'OUTSIDE_BUDGET_YEARS',
        `An expense incurred on ${incurredOn} books to none of the budget years of pool ` +
          `"${pool.definition.poolId}" (${pool.definition.budgetYears.join(', ')}): only a course started in the ` +
          `last budget year may run off after it, and this one started on ${courseStartDate}.`,
      );

// --- docs/domain.md §7–8, claims

const claimIdIsNew = (state: Ledger, claimId: string): Check =>
  state.claims.some((claim) => claim.claimId === claimId)
    ? reason('DUPLICATE_CLAIM_ID', `Claim "${claimId}" was already made; make a new claim under a new claimId.`)
    : undefined;

const kindIsKnown = (kind: string): kind is ClaimKind => (CLAIM_KINDS as readonly string[]).includes(kind);

const isBudgetYearOf = (pool: KnownPool, budgetYear: number): Check =>
  pool.definition.budgetYears.includes(budgetYear)
    ? undefined
    : reason(
        'OUTSIDE_BUDGET_YEARS',
        `${budgetYear} is not a budget year of pool "${pool.definition.poolId}" ` +
          `(${pool.definition.budgetYears.join(', ')}).`,
      );

/** docs/domain.md §8 and "The calendar": the final claim by 1 April of the following year, 12:00 Copenhagen; "a claim
 * recorded at 12:00:00.000 or later is late", and the deadline is never moved. */
const claimedBeforeDeadline = (pool: KnownPool, budgetYear: number, at: Date): Check => {
  const deadline = pool.definition.calendar.finalClaimDeadlines[String(budgetYear)];
  if (deadline === undefined) return undefined;
  return at < parseInstant(deadline)
    ? undefined
    : reason(
        'CLAIM_DEADLINE_PASSED',
        `Claims for budget year ${budgetYear} had to be recorded before ${toCopenhagenIso(parseInstant(deadline))}; ` +
          `this one came ${toCopenhagenIso(at)}. The deadline is never extended (docs/domain.md §8).`,
      );
};

/** docs/domain.md §8: a final claim comes "with a statement signed by its management and certified by its auditor". */
const statementIsComplete = (statement: FinalStatement | undefined): Check => {
  if (statement === undefined || statement === null) {
    return reason('STATEMENT_MISSING', 'A final claim needs its statement, signed by management and certified.');
  }
  const problems = [
    ...(isBlank(statement.signedBy) ? ['it names no signatory (signedBy)'] : []),
    ...(statement.auditorCertified === true ? [] : ['it is not certified by the auditor (auditorCertified)']),
    ...(isBlank(statement.documentRef) ? ['it names no document (documentRef)'] : []),
  ];
  return problems.length === 0
    ? undefined
    : reason('STATEMENT_MISSING', `The final claim's statement is incomplete: ${problems.join('; ')}.`);
};

/** The statement's fields only, whatever else the caller's object carries. */
const statementOf = ({ signedBy, auditorCertified, documentRef }: FinalStatement): FinalStatement => ({
  signedBy,
  auditorCertified,
  documentRef,
});

const somethingToClaim = (covered: readonly Expense[], budgetYear: number, upTo: IsoDate): Check =>
  covered.length > 0
    ? undefined
    : reason(
        'NOTHING_TO_CLAIM',
        `There are no reported, unclaimed expenses of budget year ${budgetYear} incurred up to ${upTo}.`,
      );

/** What a claim covers: the year's expenses incurred up to `upTo` not yet in a claim; for a final claim, every one
 * (the interim claims were a conto). */
const coveredBy = (state: Ledger, kind: ClaimKind, budgetYear: number, upTo: IsoDate): Expense[] =>
  state.expenses.filter(
    (expense) =>
      expense.budgetYear === budgetYear &&
      expense.incurredOn <= upTo &&
      (kind === 'final' || expense.claimIds.length === 0),
  );

/** What remains of the commitment for a claim of the year: the commitment less the refunds approved, leaving out
 * the year's own for a final claim (its approval replaces them). */
const remainingFor = (state: Ledger, kind: ClaimKind, budgetYear: number, commitmentOre: Ore): Ore =>
  commitmentOre -
  approvedRefundTotal(state) +
  (kind === 'final' ? approvedRefundOfYear(state, budgetYear) : 0);

// --- review and approval

const notYetApproved = (claim: Claim): Check =>
  claim.status === 'approved'
    ? reason(
        'CLAIM_ALREADY_APPROVED',
        `Claim "${claim.claimId}" was approved ${toCopenhagenIso(claim.approval!.approvedAt)}.`,
      )
    : undefined;

/** An interim claim of a settled year was taken over by the final claim: it is not reviewed or approved any more. */
const yearNotSettled = (state: Ledger, claim: Claim): Check =>
  claim.kind === 'interim' && settlementOf(state, claim.budgetYear) !== undefined
    ? reason(
        'FINAL_CLAIM_EXISTS',
        `Budget year ${claim.budgetYear} was settled by its final claim; its interim claim "${claim.claimId}" is ` +
          'no longer reviewed.',
      )
    : undefined;

const cutChecks = (state: Ledger, claim: Claim, cuts: readonly ReviewCut[]): Check[] =>
  cuts.flatMap((cut, i): Check[] => {
    const what = `expense "${cut.expenseId}" of course "${cut.courseId}"`;
    const claimed = claim.expenses.find((expense) => isSameExpense(expense, cut));
    if (claimed === undefined) {
      return [reason('EXPENSE_NOT_IN_CLAIM', `Claim "${claim.claimId}" does not cover ${what}.`)];
    }
    const again = cuts.findIndex((other) => isSameExpense(other, cut)) !== i;
    const validAmount = isOre(cut.approvedOre) && cut.approvedOre >= 0 && cut.approvedOre <= claimed.amountOre;
    return [
      again ? reason('SCHEMA_INVALID', `The review cuts ${what} twice.`) : undefined,
      validAmount
        ? undefined
        : reason(
            'INVALID_AMOUNT',
            `The approved amount of ${what} must be a whole number of øre from 0 to its amount, ` +
              `${formatOre(claimed.amountOre)}; got ${String(cut.approvedOre)}.`,
          ),
      validAmount && cut.approvedOre < claimed.amountOre && isBlank(cut.reason)
        ? reason('CUT_REASON_MISSING', `The review approves ${what} for less than its amount and gives no reason.`)
        : undefined,
    ];
  });

/** Each expense of the claim as the review approves it: its cut, else a cut carried from an earlier approved
 * review of it, else the whole amount. */
const reviewLines = (state: Ledger, claim: Claim, cuts: readonly ReviewCut[]): ExpenseCut[] => {
  const recorded = new Map(state.expenses.map((expense) => [expenseKey(expense), expense]));
  return claim.expenses.map(({ courseId, expenseId, amountOre }) => {
    const cut = cuts.find((c) => isSameExpense(c, { courseId, expenseId }));
    if (cut !== undefined) {
      return { courseId, expenseId, amountOre, approvedOre: cut.approvedOre, reason: cut.reason?.trim() ?? '' };
    }
    const expense = recorded.get(expenseKey({ courseId, expenseId }));
    const carried = expense?.approvedOre !== undefined && expense.approvedOre < amountOre;
    return carried
      ? { courseId, expenseId, amountOre, approvedOre: expense.approvedOre!, reason: expense.cutReason ?? '' }
      : { courseId, expenseId, amountOre, approvedOre: amountOre, reason: '' };
  });
};

// --- payments

const runDateIsValid = (runDate: IsoDate): runDate is IsoDate => typeof runDate === 'string' && isValidIsoDate(runDate);

/** The reference is the one derived from the ledger's pool and municipality and the run (paymentReference). */
const referenceIsTheRuns = (state: Ledger, reference: string, runDate: IsoDate): Check => {
  if (state.poolId === undefined || state.municipalityCode === undefined || !runDateIsValid(runDate)) return undefined;
  const expected = paymentReference(state.poolId, state.municipalityCode, runDate);
  return reference === expected
    ? undefined
    : reason(
        'SCHEMA_INVALID',
        `The payment reference of this municipality's run of ${runDate} is ${expected}, not "${reference}".`,
      );
};

const claimsAreKnown = (state: Ledger, claimIds: readonly string[]): Check[] =>
  claimIds.length === 0
    ? [reason('SCHEMA_INVALID', 'A payment names the claims it pays.')]
    : claimIds
        .filter((claimId) => !state.claims.some((claim) => claim.claimId === claimId))
        .map((claimId) => unknownClaim(claimId));

/** A payment pays approved refunds not yet paid, no more (the invariant paid ≤ approved, claim by claim). */
const beyondPayable = (amountOre: Ore, payableOre: Ore, claimIds: readonly string[]): Reason =>
  reason(
    'PAID_EXCEEDS_APPROVED',
    `The payment of ${formatOre(amountOre)} is more than the approved, unpaid refunds of ` +
      `${claimIds.length === 0 ? 'no claim' : `claims ${claimIds.join(', ')}`} (${formatOre(payableOre)}).`,
  );

// --- the invariants

/** Accepts only if the state the events would leave keeps every ledger invariant; else refuses with the broken
 * ones, and nothing is recorded. */
const keepingInvariants = <E extends LedgerEvent>(state: Ledger, decision: Decision<E>): Decision<E> => {
  if (!decision.ok) return decision;
  const broken = ledgerInvariants(decision.events.reduce<Ledger>(evolve, state));
  return broken.length === 0 ? decision : rejected(broken);
};

/////////////////////////////////////////
////////// Decisions
/////////////////////////////////////////

export const recordExpense = (command: RecordExpense, state: Ledger): Decision<ExpenseIncurred> => {
  const { municipalityCode, courseId, expenseId, category, amountOre, incurredOn, invoiceRef, at, course, pool } =
    command.data;
  const day = typeof incurredOn === 'string' && isValidIsoDate(incurredOn) ? incurredOn : undefined;
  const schema = [
    municipalityCodeIsValid(municipalityCode),
    textIsGiven(courseId, 'The courseId'),
    textIsGiven(expenseId, 'The expenseId'),
    textIsGiven(invoiceRef, 'The invoice reference (invoiceRef)'),
    categoryIsKnown(category),
    isDate(incurredOn, 'The date incurred (incurredOn)'),
    instantIsValid(at),
    amountIsPositive(amountOre),
  ];
  if (!isStartedCourse(course, courseId, municipalityCode)) {
    return rejected([...schema, isRefundable(category), unknownCourse(courseId)].filter(isFailure));
  }
  const { poolId } = course.start;
  const known = isThePool(pool, poolId);
  const startDate = course.start.course.startDate;
  const budgetYear =
    known && day !== undefined ? budgetYearOf(day, pool.definition.budgetYears, startDate) : undefined;

  const decision = acceptUnless(
    [
      ...schema,
      ledgerIsOpen(state),
      isThisLedger(state, poolId, municipalityCode),
      isRefundable(category),
      known ? undefined : unknownPool(poolId),
      incurredSinceStart(course, day),
      incurredByCancellation(course, day),
      instantIsValid(at) === undefined ? notInTheFuture(day, at) : undefined,
      expenseIdIsNew(state, courseId, expenseId),
      known ? booksToABudgetYear(budgetYear, day, pool, startDate) : undefined,
      yearHasNoFinalClaim(state, budgetYear, 'its expenses can no longer be claimed'),
    ],
    (): ExpenseIncurred[] => [
      {
        type: 'ExpenseIncurred',
        data: {
          poolId,
          municipalityCode,
          courseId,
          expenseId,
          category: category as ExpenseCategory,
          amountOre,
          incurredOn,
          invoiceRef,
          budgetYear: budgetYear!,
          decidedAt: at.toISOString(),
        },
      },
    ],
  );
  return keepingInvariants(state, decision);
};

export const claimRefund = (command: ClaimRefund, state: Ledger): Decision<RefundClaimed> => {
  const { municipalityCode, poolId, claimId, budgetYear, kind, upTo, statement, at, pool, commitment } = command.data;
  const known = isThePool(pool, poolId);
  const committed = isIssuedCommitment(commitment, poolId, municipalityCode);
  const wellFormed = kindIsKnown(kind) && typeof upTo === 'string' && isValidIsoDate(upTo);
  const covered = wellFormed ? coveredBy(state, kind, budgetYear, upTo) : [];

  const decision = acceptUnless(
    [
      municipalityCodeIsValid(municipalityCode),
      textIsGiven(claimId, 'The claimId'),
      kindIsKnown(kind) ? undefined : reason('SCHEMA_INVALID', `"${kind}" is not a claim kind: interim or final.`),
      isDate(upTo, 'The date the claim covers expenses up to (upTo)'),
      instantIsValid(at),
      ledgerIsOpen(state),
      isThisLedger(state, poolId, municipalityCode),
      known ? undefined : unknownPool(poolId),
      committed ? undefined : noCommitment(poolId, municipalityCode),
      claimIdIsNew(state, claimId),
      known ? isBudgetYearOf(pool, budgetYear) : undefined,
      known && instantIsValid(at) === undefined ? claimedBeforeDeadline(pool, budgetYear, at) : undefined,
      yearHasNoFinalClaim(state, budgetYear, 'no further claim can be made for it'),
      kind === 'final' ? statementIsComplete(statement) : undefined,
      wellFormed ? somethingToClaim(covered, budgetYear, upTo) : undefined,
    ],
    (): RefundClaimed[] => {
      const { refundRateBasisPoints } = (pool as KnownPool).definition;
      const { amountOre: commitmentOre } = commitment as IssuedCommitment;
      const eligibleOre = sumOre(covered.map((expense) => expense.amountOre));
      const remaining = remainingFor(state, kind as ClaimKind, budgetYear, commitmentOre);
      const { refundBeforeCapOre, refundOre } = cappedRefund(eligibleOre, refundRateBasisPoints, remaining);
      return [
        {
          type: 'RefundClaimed',
          data: {
            poolId,
            municipalityCode,
            claimId,
            budgetYear,
            kind: kind as ClaimKind,
            upTo,
            ...(kind === 'final' ? { statement: statementOf(statement!) } : {}),
            expenses: covered.map(({ courseId, expenseId, amountOre }) => ({ courseId, expenseId, amountOre })),
            eligibleOre,
            refundBeforeCapOre,
            claimedRefundOre: refundOre,
            commitmentOre,
            refundRateBasisPoints,
            claimedAt: at.toISOString(),
          },
        },
      ];
    },
  );
  return keepingInvariants(state, decision);
};

/** Reviews a claim; reviewing again before the approval replaces the review. */
export const reviewClaim = (command: ReviewClaim, state: Ledger): Decision<ClaimReviewed> => {
  const { claimId, reviewedBy, cuts, at } = command.data;
  const claim = state.claims.find((c) => c.claimId === claimId);
  if (claim === undefined) return rejected([unknownClaim(claimId)]);
  const cutList = Array.isArray(cuts) ? cuts : [];

  const decision = acceptUnless(
    [
      personIsNamed(reviewedBy, 'reviewer'),
      instantIsValid(at),
      Array.isArray(cuts) ? undefined : reason('SCHEMA_INVALID', 'The review lists its cuts (an empty list for none).'),
      ledgerIsOpen(state),
      notYetApproved(claim),
      yearNotSettled(state, claim),
      ...cutChecks(state, claim, cutList),
    ],
    (): ClaimReviewed[] => {
      const lines = reviewLines(state, claim, cutList);
      return [
        {
          type: 'ClaimReviewed',
          data: {
            poolId: state.poolId!,
            municipalityCode: state.municipalityCode!,
            claimId,
            reviewedBy,
            cuts: lines.filter((line) => line.approvedOre < line.amountOre),
            approvedEligibleOre: sumOre(lines.map((line) => line.approvedOre)),
            reviewedAt: at.toISOString(),
          },
        },
      ];
    },
  );
  return keepingInvariants(state, decision);
};

/** The events of an approval: the approval; for a final claim, the year's settlement and any repayment demand; after
 * the settlement that leaves the last budget year settled and no final claim waiting, the lapse. */
const approvalEvents = (
  state: Ledger,
  claim: Claim,
  approvedBy: string,
  at: Date,
  pool: KnownPool,
  commitmentOre: Ore,
): (ClaimApproved | BudgetYearSettled | RepaymentDemanded | CommitmentLapsed)[] => {
  const { poolId, municipalityCode } = { poolId: state.poolId!, municipalityCode: state.municipalityCode! };
  const { budgetYear, kind, claimId } = claim;
  const review = claim.review!;
  const remaining = remainingFor(state, kind, budgetYear, commitmentOre);
  const { refundBeforeCapOre, refundOre } = cappedRefund(
    review.approvedEligibleOre,
    claim.refundRateBasisPoints,
    remaining,
  );
  const when = at.toISOString();
  const approved: ClaimApproved = {
    type: 'ClaimApproved',
    data: {
      poolId,
      municipalityCode,
      claimId,
      budgetYear,
      kind,
      reviewedBy: review.reviewedBy,
      approvedBy,
      approvedEligibleOre: review.approvedEligibleOre,
      refundBeforeCapOre,
      approvedRefundOre: refundOre,
      commitmentOre,
      approvedAt: when,
    },
  };
  if (kind === 'interim') return [approved];

  // docs/domain.md §8: "A year's final settlement, once its final claim is approved, pays what is still owed or raises a
  // repayment demand (tilbagebetaling) for what was paid beyond it."
  const paidOre = netPaidOfYear(state, budgetYear);
  const repaymentOre = Math.max(0, paidOre - refundOre);
  const settled: BudgetYearSettled = {
    type: 'BudgetYearSettled',
    data: {
      poolId,
      municipalityCode,
      budgetYear,
      claimId,
      approvedRefundOre: refundOre,
      paidOre,
      owedOre: Math.max(0, refundOre - paidOre),
      repaymentOre,
      settledAt: when,
    },
  };
  const demand: RepaymentDemanded[] =
    repaymentOre > 0
      ? [
          {
            type: 'RepaymentDemanded',
            data: { poolId, municipalityCode, budgetYear, claimId, amountOre: repaymentOre, demandedAt: when },
          },
        ]
      : [];
  const events = [approved, settled, ...demand];

  // docs/domain.md §8, §10: "After the final settlement of 2020 the unused commitment lapses and the pool closes."
  const after = events.reduce<Ledger>(evolve, state);
  const lastYear = pool.definition.budgetYears[pool.definition.budgetYears.length - 1]!;
  const finalWaiting = after.claims.some((c) => c.kind === 'final' && c.status !== 'approved');
  if (settlementOf(after, lastYear) === undefined || finalWaiting) return events;
  const approvedRefundOre = approvedRefundTotal(after);
  const lapsed: CommitmentLapsed = {
    type: 'CommitmentLapsed',
    data: {
      poolId,
      municipalityCode,
      commitmentOre,
      approvedRefundOre,
      lapsedOre: commitmentOre - approvedRefundOre,
      reason: 'settled',
      lapsedAt: when,
    },
  };
  return [...events, lapsed];
};

export const approveClaim = (
  command: ApproveClaim,
  state: Ledger,
): Decision<ClaimApproved | BudgetYearSettled | RepaymentDemanded | CommitmentLapsed> => {
  const { claimId, approvedBy, at, pool, commitment } = command.data;
  const claim = state.claims.find((c) => c.claimId === claimId);
  if (claim === undefined) return rejected([unknownClaim(claimId)]);
  const { poolId, municipalityCode } = { poolId: state.poolId!, municipalityCode: state.municipalityCode! };
  const known = isThePool(pool, poolId);
  const committed = isIssuedCommitment(commitment, poolId, municipalityCode);

  const decision = acceptUnless(
    [
      personIsNamed(approvedBy, 'approver'),
      instantIsValid(at),
      ledgerIsOpen(state),
      notYetApproved(claim),
      claim.review === undefined
        ? reason('CLAIM_NOT_REVIEWED', `Claim "${claimId}" has not been reviewed; a caseworker reviews it first.`)
        : isSecondPerson(claim.review.reviewedBy, approvedBy, `reviewed claim "${claimId}"`),
      yearNotSettled(state, claim),
      known ? undefined : unknownPool(poolId),
      committed ? undefined : noCommitment(poolId, municipalityCode),
    ],
    () => approvalEvents(state, claim, approvedBy, at, pool as KnownPool, (commitment as IssuedCommitment).amountOre),
  );
  return keepingInvariants(state, decision);
};

/** Records a payment of a payout run. A reference already paid is refused with ALREADY_PAID alone: the payment
 * happened, nothing else about the command matters. */
export const recordPayment = (command: RecordPayment, state: Ledger): Decision<PaymentMade> => {
  const { reference, runDate, amountOre, claimIds, at } = command.data;
  const earlier = state.payments.find((payment) => payment.reference === reference);
  if (earlier !== undefined) {
    return rejected([
      reason(
        'ALREADY_PAID',
        `Payment ${reference} was already made (${formatOre(earlier.amountOre)}, ${toCopenhagenIso(earlier.paidAt)}).`,
      ),
    ]);
  }
  const ids = Array.isArray(claimIds) ? claimIds : [];
  const payable = new Map(state.claims.map((claim) => [claim.claimId, claimPayableOre(state, claim)]));
  const spread = spreadOverClaims(payable, isOre(amountOre) ? amountOre : 0, ids);
  const payableOfThese = sumOre([...new Set(ids)].map((claimId) => payable.get(claimId) ?? 0));

  const decision = acceptUnless(
    [
      textIsGiven(reference, 'The payment reference'),
      isDate(runDate, 'The run date'),
      instantIsValid(at),
      amountIsPositive(amountOre),
      referenceIsTheRuns(state, reference, runDate),
      ...claimsAreKnown(state, ids),
      isOre(amountOre) && spread.unspentOre > 0 ? beyondPayable(amountOre, payableOfThese, ids) : undefined,
    ],
    (): PaymentMade[] => [
      {
        type: 'PaymentMade',
        data: {
          poolId: state.poolId!,
          municipalityCode: state.municipalityCode!,
          reference,
          runDate,
          amountOre,
          claims: spread.parts,
          paidAt: at.toISOString(),
        },
      },
    ],
  );
  return keepingInvariants(state, decision);
};

/** docs/domain.md §8, §10: at the pool's closing (closesAt), the unused commitment of a municipality that has not settled
 * lapses: the commitment less the refunds approved. */
export const closeLedger = (command: CloseLedger, state: Ledger): Decision<CommitmentLapsed> => {
  const { at, pool, commitment } = command.data;
  if (commitment.status !== 'issued') return rejected([reason('NO_COMMITMENT', 'No commitment has been issued.')]);
  const { poolId, municipalityCode } = commitment;
  const known = isThePool(pool, poolId);

  const decision = acceptUnless(
    [
      instantIsValid(at),
      ledgerIsOpen(state),
      isThisLedger(state, poolId, municipalityCode),
      known ? undefined : unknownPool(poolId),
      known && at < pool.closesAt
        ? reason('DEADLINE_NOT_REACHED', `The pool closes at ${toCopenhagenIso(pool.closesAt)}.`)
        : undefined,
    ],
    (): CommitmentLapsed[] => {
      const approvedRefundOre = approvedRefundTotal(state);
      return [
        {
          type: 'CommitmentLapsed',
          data: {
            poolId,
            municipalityCode,
            commitmentOre: commitment.amountOre,
            approvedRefundOre,
            lapsedOre: commitment.amountOre - approvedRefundOre,
            reason: 'pool-closed',
            lapsedAt: at.toISOString(),
          },
        },
      ];
    },
  );
  return keepingInvariants(state, decision);
};

export const decide = (command: LedgerCommand, state: Ledger): Decision<LedgerEvent> => {
  const { type } = command;

  switch (type) {
    case 'RecordExpense':
      return recordExpense(command, state);
    case 'ClaimRefund':
      return claimRefund(command, state);
    case 'ReviewClaim':
      return reviewClaim(command, state);
    case 'ApproveClaim':
      return approveClaim(command, state);
    case 'RecordPayment':
      return recordPayment(command, state);
    case 'CloseLedger':
      return closeLedger(command, state);
    case 'PrepareRepaymentReceipt':
      return prepareRepaymentReceipt(command, state);
    case 'ConfirmRepaymentReceipt':
      return confirmRepaymentReceipt(command, state);
    default: {
      const _unknownCommand: never = type;
      return rejected([reason('SCHEMA_INVALID', `Unknown ledger command ${String(_unknownCommand)}.`)]);
    }
  }
};

export const ledgerDecider: Decider<Ledger, LedgerCommand, LedgerEvent> = { decide, evolve, initialState };
