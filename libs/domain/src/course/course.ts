// A course a municipality reports (stream `course-<municipalityCode>-<courseId>`, docs/domain.md §5–7): its start,
// accepted or rejected with reasons, then its cancellation or completion.
//
// Decision: a rejected start is recorded on the course's stream (CourseStartRejected, with the basis it was decided
// on), so the course's read-back and an auditor see every decision about it; the decider returns the rejection and the
// caller appends `courseStartRejected(command, reasons)`. A rejected cancellation or completion changes no money and
// no eligibility: it is only returned, and the caller records it with its other rejected submissions.

import type { IsoDate } from '../calendar';
import type { DomainEvent, InstantString, Reason } from '../decision';
import type { ShortageStatus } from '../labour-market-balance';
import type { Ore } from '../money';
import type { MunicipalityCode } from '../municipality';
import type { TargetGroupCode } from '../target-groups';

/////////////////////////////////////////
////////// Events
/////////////////////////////////////////

/** Vejledning og opkvalificering: guidance and upskilling (LAB ch. 10), the only courses the pool pays for. */
export const COURSE_CATEGORIES = ['vejledning', 'opkvalificering'] as const;

export type CourseCategory = (typeof COURSE_CATEGORIES)[number];

/** The citizen as the event store keeps them (docs/domain.md "Personal data"): a keyed pseudonym, and the CPR number only
 * as a ciphertext under a per-citizen key, so that deleting the key erases the person. */
export type Citizen = Readonly<{ pseudonym: string; cprCiphertext?: string }>;

/** Hensigtserklæring: the employer's declaration of intent to hire (docs/domain.md §5). No contract is needed. */
export type EmployerDeclaration = Readonly<{
  /** The employer's CVR number, 8 digits. */
  cvr: string;
  employerName: string;
  jobTitle: string;
  /** The RAR area where the job is: its balance decides whether the title is a shortage title. */
  rarArea: string;
  signedOn: IsoDate;
  expectedEmploymentStart: IsoDate;
  /** Hired without wage subsidy (uden løntilskud): must be true. */
  withoutWageSubsidy: boolean;
}>;

export type CourseDetails = Readonly<{
  title: string;
  provider: string;
  category: CourseCategory;
  startDate: IsoDate;
  endDate: IsoDate;
  estimatedCostOre: Ore;
}>;

/** What a decision about a start was made on, so that an auditor can make it again: the pool definition's version and
 * how many amendments of its calendar were in force, and the labour-market balance read. A later amendment or a new
 * balance never changes a recorded decision. */
export type DecisionBasis = Readonly<{
  /** The definition's `version`; 0 when the pool was not known. */
  poolDefinitionVersion: number;
  /** The number of approved deadline amendments of the pool at the decision. */
  poolAmendments: number;
  /** The balance's version, null when none was found. */
  balanceVersion: string | null;
  /** The half-year looked up: the balance's, else the one the declaration date lies in (null without a date). */
  balanceHalfYear: string | null;
  /** The job title's status on that balance, null when it is not a shortage title. */
  shortageStatus: ShortageStatus | null;
}>;

/** Påbegyndt forløb: an accepted course start. */
export type CourseStarted = DomainEvent<
  'CourseStarted',
  {
    poolId: string;
    municipalityCode: MunicipalityCode;
    courseId: string;
    citizen: Citizen;
    targetGroup: TargetGroupCode;
    /** Present where the report gave it (required for target groups with an unemployment rule). */
    unemployedSince?: IsoDate;
    employerDeclaration: EmployerDeclaration;
    course: CourseDetails;
    decidedAt: InstantString;
    basis: DecisionBasis;
  }
>;

/** A start report that broke one or more rules, with every reason (docs/municipal-api.md: recorded, so the municipality
 * and auditors can see why). */
export type CourseStartRejected = DomainEvent<
  'CourseStartRejected',
  {
    poolId?: string;
    municipalityCode: MunicipalityCode;
    courseId: string;
    reasons: Reason[];
    decidedAt: InstantString;
    basis: DecisionBasis;
  }
>;

/** The course stopped early. Expenses incurred before `cancelledOn` are kept (docs/domain.md §7). */
export type CourseCancelled = DomainEvent<
  'CourseCancelled',
  {
    poolId: string;
    municipalityCode: MunicipalityCode;
    courseId: string;
    cancelledOn: IsoDate;
    reason: string;
    decidedAt: InstantString;
  }
>;

export type CourseCompleted = DomainEvent<
  'CourseCompleted',
  {
    poolId: string;
    municipalityCode: MunicipalityCode;
    courseId: string;
    completedOn: IsoDate;
    /** Did the employment start (docs/municipal-api.md). */
    employed: boolean;
    decidedAt: InstantString;
  }
>;

export type CourseEvent = CourseStarted | CourseStartRejected | CourseCancelled | CourseCompleted;

/////////////////////////////////////////
////////// Course
/////////////////////////////////////////

/** One decision about the course, for read-back: what was decided, when, why not (if rejected), on what basis. */
export type CourseDecisionRecord = Readonly<{
  event: CourseEvent['type'];
  accepted: boolean;
  decidedAt: Date;
  reasons: readonly Reason[];
  /** For decisions about the start; null for cancellations and completions, which read no pool rule or balance. */
  basis: DecisionBasis | null;
}>;

/** The accepted start, as recorded. */
export type CourseStart = CourseStarted['data'];

// Every variant names `start` and `cancelledOn` (undefined where there is none), so callers may read
// `state.cancelledOn` without narrowing on `status` first.

/** No accepted start (yet): there may be rejected ones in `decisions`. */
export type NoCourse = Readonly<{
  status: 'none';
  start?: undefined;
  cancelledOn?: undefined;
  decisions: readonly CourseDecisionRecord[];
}>;

export type StartedCourse = Readonly<{
  status: 'started';
  start: CourseStart;
  cancelledOn?: undefined;
  decisions: readonly CourseDecisionRecord[];
}>;

export type CancelledCourse = Readonly<{
  status: 'cancelled';
  start: CourseStart;
  /** The day the course stopped: expenses before it stay refundable (docs/domain.md §7). */
  cancelledOn: IsoDate;
  cancellationReason: string;
  decisions: readonly CourseDecisionRecord[];
}>;

export type CompletedCourse = Readonly<{
  status: 'completed';
  start: CourseStart;
  cancelledOn?: undefined;
  completedOn: IsoDate;
  employed: boolean;
  decisions: readonly CourseDecisionRecord[];
}>;

/** A course (forløb) of vejledning or opkvalificering for one citizen, reported by a municipality. */
export type Course = NoCourse | StartedCourse | CancelledCourse | CompletedCourse;

export const initialState = (): Course => ({ status: 'none', decisions: [] });

/////////////////////////////////////////
////////// Evolve
/////////////////////////////////////////

const recordOf = (event: CourseEvent): CourseDecisionRecord => {
  const { type, data } = event;
  const decidedAt = new Date(data.decidedAt);
  switch (type) {
    case 'CourseStarted':
      return { event: type, accepted: true, decidedAt, reasons: [], basis: data.basis };
    case 'CourseStartRejected':
      return { event: type, accepted: false, decidedAt, reasons: data.reasons, basis: data.basis };
    default:
      return { event: type, accepted: true, decidedAt, reasons: [], basis: null };
  }
};

export const evolve = (state: Course, event: CourseEvent): Course => {
  const { type, data } = event;
  const decisions = [...state.decisions, recordOf(event)];

  switch (type) {
    case 'CourseStarted':
      return state.status === 'none' ? { status: 'started', start: data, decisions } : state;
    case 'CourseStartRejected':
      return { ...state, decisions };
    case 'CourseCancelled':
      if (state.status !== 'started') return state;
      return {
        status: 'cancelled',
        start: state.start,
        cancelledOn: data.cancelledOn,
        cancellationReason: data.reason,
        decisions,
      };
    case 'CourseCompleted':
      if (state.status !== 'started') return state;
      return {
        status: 'completed',
        start: state.start,
        completedOn: data.completedOn,
        employed: data.employed,
        decisions,
      };
    default: {
      const _unknownEvent: never = type;
      return state;
    }
  }
};
