// Expenses of a course (docs/domain.md §7–8): a municipality reports them; those that cannot be refunded are refused.

import { copenhagenDateOf, isValidIsoDate, type IsoDate } from '../calendar';
import {
  amountIsPositive,
  instantIsValid,
  isDate,
  isFailure,
  isThePool,
  municipalityCodeIsValid,
  textIsGiven,
  unknownPool,
  type KnownPool,
} from '../checks';
import type { Course, StartedCourse, CancelledCourse, CompletedCourse } from '../course/course';
import { acceptUnless, reason, rejected, type Check, type Command, type Decision, type Reason } from '../decision';
import { formatOre, type Ore } from '../money';
import type { MunicipalityCode } from '../municipality';
import type { Pool } from '../pool/pool';
import {
  EXPENSE_CATEGORIES,
  NON_REFUNDABLE_EXPENSE_CATEGORIES,
  isSameExpense,
  type ExpenseCategory,
  type ExpenseIncurred,
  type Ledger,
} from './ledger';
import { budgetYearOf } from './refund';
import { isThisLedger, keepingInvariants, ledgerIsOpen, yearHasNoFinalClaim } from './rules';

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

/////////////////////////////////////////
////////// Rules
/////////////////////////////////////////

type CourseWithStart = StartedCourse | CancelledCourse | CompletedCourse;

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
