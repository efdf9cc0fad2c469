// A course start, decided against every rule of docs/domain.md §5–6 with the pool's and the municipality's commitment
// state and the balance the caller looked up, all passed in the command: the decision reads no store and no clock.

import { addMonthsClamped, copenhagenDateOf, copenhagenInstant, toCopenhagenIso, type IsoDate } from '../calendar';
import {
  dateOrUndefined,
  instantIsValid,
  isBlank,
  isDate,
  isThePool,
  municipalityCodeIsValid,
  textIsGiven,
  unknownPool,
  type KnownPool,
} from '../checks';
import type { Commitment } from '../commitment/commitment';
import { acceptUnless, reason, type Check, type Command, type Decision, type Reason } from '../decision';
import { halfYearOf } from '../half-year';
import { isShortageStatus, SHORTAGE_STATUSES, type BalanceLookup } from '../labour-market-balance';
import { isOre, type Ore } from '../money';
import type { MunicipalityCode } from '../municipality';
import type { PoolDefinition } from '../pool-definition/schema';
import { reportingGraceHasEnded, type Pool } from '../pool/pool';
import { TARGET_GROUPS, type TargetGroupCode } from '../target-groups';
import {
  COURSE_CATEGORIES,
  type Citizen,
  type Course,
  type CourseCategory,
  type CourseStarted,
  type CourseStartRejected,
  type DecisionBasis,
  type EmployerDeclaration,
} from './course';

/////////////////////////////////////////
////////// Commands
/////////////////////////////////////////

/** A municipality reports a started course (docs/municipal-api.md `CourseStarted`, after the api has replaced the CPR
 * number by a pseudonym and a ciphertext). */
export type StartCourse = Command<
  'StartCourse',
  {
    municipalityCode: MunicipalityCode;
    courseId: string;
    poolId: string;
    citizen: Citizen;
    targetGroup: string;
    unemployedSince?: IsoDate;
    employerDeclaration?: EmployerDeclaration;
    course: Readonly<{
      title: string;
      provider: string;
      category: string;
      startDate: IsoDate;
      endDate: IsoDate;
      estimatedCostOre: Ore;
    }>;
    at: Date;
    /** The pool's state, from the pool stream. */
    pool: Pool;
    /** The municipality's commitment (tilsagn) in the pool, from its stream. */
    commitment: Commitment;
    /** The balance in force on the declaration date for its RAR area and job title, null if none was found. */
    balance: BalanceLookup | null;
  }
>;

// Cancellation and completion name no course: they are decided on the course's own stream, which has the ids.

/////////////////////////////////////////
////////// Rules
/////////////////////////////////////////

const isBeforeDate = (date: IsoDate, other: IsoDate): boolean => date < other;

/** A date that may be left out, but is a real date when given. */
const isDateIfGiven = (value: unknown, what: string): Check =>
  value === undefined || value === null || value === '' ? undefined : isDate(value, what);

const costIsValid = (estimatedCostOre: Ore): Check =>
  isOre(estimatedCostOre) && estimatedCostOre >= 0
    ? undefined
    : reason(
        'SCHEMA_INVALID',
        `The estimated cost must be a whole number of øre, at least 0, got ${String(estimatedCostOre)}.`,
      );

/** Only guidance and upskilling (vejledning og opkvalificering, LAB ch. 10) are refunded (docs/domain.md §5). */
const categoryIsGuidanceOrUpskilling = (category: string): Check =>
  (COURSE_CATEGORIES as readonly string[]).includes(category)
    ? undefined
    : reason(
        'SCHEMA_INVALID',
        `"${category}" is not a course category of the pool: vejledning (guidance) or opkvalificering (upskilling).`,
      );

// --- the stream

/** A course id names one course of the municipality (docs/municipal-api.md: unique per municipality). */
const courseIdIsNew = (state: Course): Check =>
  state.status === 'none'
    ? undefined
    : reason(
        'DUPLICATE_COURSE_ID',
        `Course "${state.start.courseId}" was already started (accepted ` +
          `${toCopenhagenIso(new Date(state.start.decidedAt))}); report a new course under a new courseId.`,
      );

// --- docs/domain.md §5, the rules of a course start

/** docs/domain.md §5: "the municipality has a commitment in the pool, issued on or before the start date" (the Copenhagen
 * date of the issue). */
const commitmentIssuedByStart = (
  commitment: Commitment,
  poolId: string,
  municipalityCode: MunicipalityCode,
  startDate: IsoDate | undefined,
): Check => {
  const inThisPool =
    commitment.status !== 'none' && commitment.poolId === poolId && commitment.municipalityCode === municipalityCode;
  if (!inThisPool || commitment.status !== 'issued') {
    const prepared = inThisPool ? ' (one is prepared but not yet issued)' : '';
    return reason(
      'NO_COMMITMENT',
      `Municipality ${municipalityCode} has no issued commitment (tilsagn) in pool "${poolId}"${prepared}.`,
    );
  }
  const issuedOn = copenhagenDateOf(commitment.issuedAt);
  return startDate === undefined || !isBeforeDate(startDate, issuedOn)
    ? undefined
    : reason(
        'NO_COMMITMENT',
        `The commitment (tilsagn) was issued on ${issuedOn}, after the course start on ${startDate}; ` +
          'only courses that start on or after the commitment date count.',
      );
};

const targetGroupOf = (definition: PoolDefinition, code: string) =>
  definition.targetGroups.find((group) => group.code === code);

const danishName = (code: TargetGroupCode): string =>
  TARGET_GROUPS.find((group) => group.code === code)?.danish ?? code;

/** docs/domain.md §5: "the citizen is in one of the pool's target groups" (målgrupper, LAB § 6). */
const isInTargetGroup = (definition: PoolDefinition, targetGroup: string): Check =>
  targetGroupOf(definition, targetGroup) !== undefined
    ? undefined
    : reason(
        'NOT_IN_TARGET_GROUP',
        `"${targetGroup}" is not a target group (målgruppe) of pool "${definition.poolId}"; its target groups are ` +
          `${definition.targetGroups.map((group) => group.code).join(', ')}.`,
      );

/** docs/domain.md §5, 3-month rule: for a target group with an unemployment rule (the 2019 pool: dagpenge ≥ 3 months
 * cumulative, kontanthjaelp-jobparat ≥ 3 months continuous) the course starts on or after the date 3 calendar months
 * after `unemployedSince`, clamped to the month's last day (2020-01-31 + 3 months = 2020-04-30). */
const unemployedLongEnough = (
  definition: PoolDefinition,
  targetGroup: string,
  unemployedSince: unknown,
  startDate: IsoDate | undefined,
): Check => {
  const group = targetGroupOf(definition, targetGroup);
  const rule = group?.unemploymentRule;
  if (group === undefined || rule === undefined) return undefined;
  const who = `${danishName(group.code)} (${group.code})`;
  const needs = `at least ${rule.minMonths} months' ${rule.kind} unemployment`;
  if (unemployedSince === undefined || unemployedSince === null || unemployedSince === '') {
    return reason(
      'UNEMPLOYMENT_TOO_SHORT',
      `For ${who} the pool requires ${needs} before the course starts; the report gives no unemployedSince date.`,
    );
  }
  const since = dateOrUndefined(unemployedSince);
  if (since === undefined || startDate === undefined) return undefined;
  const earliest = addMonthsClamped(since, rule.minMonths);
  return isBeforeDate(startDate, earliest)
    ? reason(
        'UNEMPLOYMENT_TOO_SHORT',
        `For ${who} the pool requires ${needs} before the course starts: unemployed since ${since}, the course may ` +
          `start on ${earliest} at the earliest, not ${startDate}.`,
      )
    : undefined;
};

/** docs/domain.md §5: "there is an employer's declaration of intent (hensigtserklæring): employer (CVR), a job title …;
 * hire without wage subsidy; expected employment start date". */
const declarationIsComplete = (declaration: EmployerDeclaration | undefined): Check => {
  if (declaration === undefined || declaration === null) {
    return reason('EMPLOYER_DECLARATION_MISSING', "There is no employer's declaration of intent (hensigtserklæring).");
  }
  const { cvr, employerName, jobTitle, rarArea, signedOn, expectedEmploymentStart, withoutWageSubsidy } = declaration;
  const problems = [
    ...(typeof cvr === 'string' && /^\d{8}$/.test(cvr) ? [] : ["the employer's CVR number must be 8 digits"]),
    ...(isBlank(employerName) ? ["the employer's name is missing"] : []),
    ...(isBlank(jobTitle) ? ['the job title is missing'] : []),
    ...(isBlank(rarArea) ? ['the RAR area of the job is missing'] : []),
    ...(isBlank(signedOn) ? ['the date it was signed is missing'] : []),
    ...(isBlank(expectedEmploymentStart) ? ['the expected employment start is missing'] : []),
    ...(withoutWageSubsidy === true
      ? []
      : ['it must state that the employer hires without wage subsidy (uden løntilskud)']),
  ];
  return problems.length === 0
    ? undefined
    : reason(
        'EMPLOYER_DECLARATION_MISSING',
        `The employer's declaration of intent (hensigtserklæring) is incomplete: ${problems.join('; ')}.`,
      );
};

/** docs/domain.md §5: the job title is a shortage title (omfattende mangel, mangel or paradoksproblem) on the
 * labour-market balance of the job's RAR area, for the half-year in force on the declaration date. The caller looked
 * the balance up; a declaration without a job title or RAR area is reported by declarationIsComplete instead. */
const jobIsShortageTitle = (declaration: EmployerDeclaration | undefined, balance: BalanceLookup | null): Check => {
  if (declaration === undefined || declaration === null) return undefined;
  if (isBlank(declaration.jobTitle) || isBlank(declaration.rarArea)) return undefined;
  if (balance !== null && isShortageStatus(balance.status)) return undefined;
  const signedOn = dateOrUndefined(declaration.signedOn);
  const halfYear =
    balance?.halfYear ?? (signedOn === undefined ? 'the half-year of the declaration date' : halfYearOf(signedOn));
  const title = `The job title "${declaration.jobTitle}" in RAR area ${declaration.rarArea}`;
  const shortage = `a shortage title (${SHORTAGE_STATUSES.join(', ')})`;
  return balance === null
    ? reason(
        'JOB_NOT_SHORTAGE_TITLE',
        `${title} is not on the labour-market balance (arbejdsmarkedsbalancen) for ${halfYear}, ` +
          `so it is not ${shortage}.`,
      )
    : reason(
        'JOB_NOT_SHORTAGE_TITLE',
        `${title} is not ${shortage} on the labour-market balance (arbejdsmarkedsbalancen) for ${halfYear} ` +
          `(version ${balance.version}).`,
      );
};

const courseEndsOnOrAfterItStarts = (startDate: IsoDate | undefined, endDate: IsoDate | undefined): Check =>
  startDate === undefined || endDate === undefined || !isBeforeDate(endDate, startDate)
    ? undefined
    : reason('COURSE_TIMING_INVALID', `The course ends on ${endDate}, before it starts on ${startDate}.`);

/** docs/domain.md §5: "the course starts no earlier than 3 months before the expected employment start". */
const courseStartsWithinThreeMonthsOfEmployment = (
  startDate: IsoDate | undefined,
  expectedEmploymentStart: IsoDate | undefined,
): Check => {
  if (startDate === undefined || expectedEmploymentStart === undefined) return undefined;
  const earliest = addMonthsClamped(expectedEmploymentStart, -3);
  return isBeforeDate(startDate, earliest)
    ? reason(
        'COURSE_TIMING_INVALID',
        `The course starts on ${startDate}, more than 3 months before the expected employment start on ` +
          `${expectedEmploymentStart}; it may start on ${earliest} at the earliest.`,
      )
    : undefined;
};

/** docs/domain.md §5: the course "ends no later than" the expected employment start. */
const courseEndsByEmploymentStart = (
  endDate: IsoDate | undefined,
  expectedEmploymentStart: IsoDate | undefined,
): Check =>
  endDate === undefined || expectedEmploymentStart === undefined || !isBeforeDate(expectedEmploymentStart, endDate)
    ? undefined
    : reason(
        'COURSE_TIMING_INVALID',
        `The course ends on ${endDate}, after the expected employment start on ${expectedEmploymentStart}.`,
      );

/** The last Copenhagen day before an exclusive deadline instant: 2021-01-01T00:00 Copenhagen gives 2020-12-31. */
const lastDayBefore = (deadline: Date): IsoDate => copenhagenDateOf(new Date(deadline.getTime() - 1));

/** docs/domain.md §5–6: the course "starts on or before 31 Dec 2020 (Europe/Copenhagen)", the pool's (amended) start
 * deadline, an exclusive instant: a course starting on a day that begins at or after it is too late. */
const startsBeforeStartDeadline = (pool: KnownPool, startDate: IsoDate | undefined): Check =>
  startDate === undefined || copenhagenInstant(startDate) < pool.startDeadline
    ? undefined
    : reason(
        'POOL_CLOSED_FOR_STARTS',
        `The course starts on ${startDate}, after the start deadline: pool "${pool.definition.poolId}" takes courses ` +
          `that start on or before ${lastDayBefore(pool.startDeadline)} (Europe/Copenhagen).`,
      );

/** docs/domain.md §6, Decision: starts dated on or before the deadline are still taken until the end of the reporting
 * grace (default 31 Jan 2021); after that every start report is rejected. The grace has ended when the pool's
 * workflow recorded it or when `at` is past it, whichever comes first. */
const reportedWithinGrace = (pool: KnownPool, at: Date): Check =>
  !reportingGraceHasEnded(pool, at)
    ? undefined
    : reason(
        'POOL_CLOSED_FOR_STARTS',
        `Pool "${pool.definition.poolId}" took start reports until the end of the reporting grace, ` +
          `${lastDayBefore(pool.reportingGraceEnds)} (Europe/Copenhagen); this report came ${toCopenhagenIso(at)}.`,
      );

/////////////////////////////////////////
////////// Decisions
/////////////////////////////////////////

/** What a start decision reads besides the report: recorded with it, so that it can be made again. */
export const decisionBasis = (command: StartCourse): DecisionBasis => {
  const { poolId, pool, balance, employerDeclaration } = command.data;
  const known = isThePool(pool, poolId);
  const signedOn = dateOrUndefined(employerDeclaration?.signedOn);
  return {
    poolDefinitionVersion: known ? pool.definition.version : 0,
    poolAmendments: known ? pool.amendments : 0,
    balanceVersion: balance?.version ?? null,
    balanceHalfYear: balance?.halfYear ?? (signedOn === undefined ? null : halfYearOf(signedOn)),
    shortageStatus: balance !== null && isShortageStatus(balance.status) ? balance.status : null,
  };
};

/** Every rule of a course start (docs/domain.md §5–6), each failing one a reason, so the municipality sees all that is
 * wrong at once. */
const startChecks = (command: StartCourse, state: Course): Check[] => {
  const { municipalityCode, courseId, poolId, citizen, targetGroup, unemployedSince, employerDeclaration, course } =
    command.data;
  const { at, pool, commitment, balance } = command.data;
  const startDate = dateOrUndefined(course.startDate);
  const endDate = dateOrUndefined(course.endDate);
  const expectedEmploymentStart = dateOrUndefined(employerDeclaration?.expectedEmploymentStart);
  const known = isThePool(pool, poolId);
  const atIsValid = instantIsValid(at) === undefined;

  return [
    municipalityCodeIsValid(municipalityCode),
    textIsGiven(courseId, 'The courseId'),
    textIsGiven(citizen?.pseudonym, "The citizen's pseudonym"),
    textIsGiven(course.title, 'The course title'),
    textIsGiven(course.provider, 'The course provider'),
    categoryIsGuidanceOrUpskilling(course.category),
    isDate(course.startDate, 'The course start date'),
    isDate(course.endDate, 'The course end date'),
    costIsValid(course.estimatedCostOre),
    isDateIfGiven(unemployedSince, 'unemployedSince'),
    isDateIfGiven(employerDeclaration?.signedOn, 'The declaration date (signedOn)'),
    isDateIfGiven(employerDeclaration?.expectedEmploymentStart, 'The expected employment start'),
    instantIsValid(at),
    courseIdIsNew(state),
    known ? undefined : unknownPool(poolId),
    commitmentIssuedByStart(commitment, poolId, municipalityCode, startDate),
    known ? isInTargetGroup(pool.definition, targetGroup) : undefined,
    known ? unemployedLongEnough(pool.definition, targetGroup, unemployedSince, startDate) : undefined,
    declarationIsComplete(employerDeclaration),
    jobIsShortageTitle(employerDeclaration, balance),
    courseEndsOnOrAfterItStarts(startDate, endDate),
    courseStartsWithinThreeMonthsOfEmployment(startDate, expectedEmploymentStart),
    courseEndsByEmploymentStart(endDate, expectedEmploymentStart),
    known ? startsBeforeStartDeadline(pool, startDate) : undefined,
    known && atIsValid ? reportedWithinGrace(pool, at) : undefined,
  ];
};

/** The declaration's fields only, whatever else the caller's object carries. */
const declarationOf = (declaration: EmployerDeclaration): EmployerDeclaration => {
  const { cvr, employerName, jobTitle, rarArea, signedOn, expectedEmploymentStart, withoutWageSubsidy } = declaration;
  return { cvr, employerName, jobTitle, rarArea, signedOn, expectedEmploymentStart, withoutWageSubsidy };
};

export const startCourse = (command: StartCourse, state: Course): Decision<CourseStarted> => {
  const { municipalityCode, courseId, poolId, citizen, targetGroup, unemployedSince, employerDeclaration, course, at } =
    command.data;

  return acceptUnless(startChecks(command, state), () => [
    {
      type: 'CourseStarted',
      data: {
        poolId,
        municipalityCode,
        courseId,
        citizen: {
          pseudonym: citizen.pseudonym,
          ...(citizen.cprCiphertext === undefined ? {} : { cprCiphertext: citizen.cprCiphertext }),
        },
        targetGroup: targetGroup as TargetGroupCode,
        ...(unemployedSince === undefined ? {} : { unemployedSince }),
        employerDeclaration: declarationOf(employerDeclaration!),
        course: {
          title: course.title,
          provider: course.provider,
          category: course.category as CourseCategory,
          startDate: course.startDate,
          endDate: course.endDate,
          estimatedCostOre: course.estimatedCostOre,
        },
        decidedAt: at.toISOString(),
        basis: decisionBasis(command),
      },
    },
  ]);
};

/** The record of a rejected start, for the caller to append to the course's stream (see course.ts). Not for a report
 * whose courseId is missing: it has no course stream, only the rejected submission. */
export const courseStartRejected = (command: StartCourse, reasons: readonly Reason[]): CourseStartRejected => {
  const { poolId, municipalityCode, courseId, at } = command.data;
  return {
    type: 'CourseStartRejected',
    data: {
      ...(isBlank(poolId) ? {} : { poolId }),
      municipalityCode,
      courseId,
      reasons: [...reasons],
      decidedAt: at.toISOString(),
      basis: decisionBasis(command),
    },
  };
};

