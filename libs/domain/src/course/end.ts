// A course's end: its cancellation or its completion, once, on or after its start (docs/domain.md §5, §7).

import type { IsoDate } from '../calendar';
import { dateOrUndefined, instantIsValid, isDate, textIsGiven } from '../checks';
import { acceptUnless, reason, rejected, type Check, type Command, type Decision, type Reason } from '../decision';
import type { Course, CourseCancelled, CourseCompleted, CourseStart } from './course';

/////////////////////////////////////////
////////// Commands
/////////////////////////////////////////

export type CancelCourse = Command<'CancelCourse', { cancelledOn: IsoDate; reason: string; at: Date }>;

export type CompleteCourse = Command<'CompleteCourse', { completedOn: IsoDate; employed: boolean; at: Date }>;

/////////////////////////////////////////
////////// Rules
/////////////////////////////////////////

const unknownCourse = (): Reason =>
  reason('UNKNOWN_COURSE', 'No start of this course has been accepted; report the start first.');

/** A course ends once: cancelled or completed, not both, not twice. */
const courseHasNotEnded = (state: Course): Check => {
  switch (state.status) {
    case 'cancelled':
      return reason('COURSE_ALREADY_ENDED', `The course was already cancelled on ${state.cancelledOn}.`);
    case 'completed':
      return reason('COURSE_ALREADY_ENDED', `The course was already completed on ${state.completedOn}.`);
    default:
      return undefined;
  }
};

/** A course cannot end before it started. */
const endsOnOrAfterStart = (start: CourseStart, date: unknown, what: string): Check => {
  const day = dateOrUndefined(date);
  return day === undefined || day >= start.course.startDate
    ? undefined
    : reason(
        'COURSE_TIMING_INVALID',
        `The ${what} date ${day} is before the course started on ${start.course.startDate}.`,
      );
};

const employedIsBoolean = (employed: unknown): Check =>
  typeof employed === 'boolean'
    ? undefined
    : reason('SCHEMA_INVALID', 'Whether the employment started (employed) must be true or false.');

/////////////////////////////////////////
////////// Decisions
/////////////////////////////////////////

export const cancelCourse = (command: CancelCourse, state: Course): Decision<CourseCancelled> => {
  const { cancelledOn, reason: why, at } = command.data;
  if (state.status === 'none') return rejected([unknownCourse()]);
  const { poolId, municipalityCode, courseId } = state.start;

  return acceptUnless(
    [
      isDate(cancelledOn, 'The cancellation date (cancelledOn)'),
      textIsGiven(why, 'The reason for the cancellation'),
      instantIsValid(at),
      courseHasNotEnded(state),
      endsOnOrAfterStart(state.start, cancelledOn, 'cancellation'),
    ],
    () => [
      {
        type: 'CourseCancelled',
        data: { poolId, municipalityCode, courseId, cancelledOn, reason: why, decidedAt: at.toISOString() },
      },
    ],
  );
};

export const completeCourse = (command: CompleteCourse, state: Course): Decision<CourseCompleted> => {
  const { completedOn, employed, at } = command.data;
  if (state.status === 'none') return rejected([unknownCourse()]);
  const { poolId, municipalityCode, courseId } = state.start;

  return acceptUnless(
    [
      isDate(completedOn, 'The completion date (completedOn)'),
      employedIsBoolean(employed),
      instantIsValid(at),
      courseHasNotEnded(state),
      endsOnOrAfterStart(state.start, completedOn, 'completion'),
    ],
    () => [
      {
        type: 'CourseCompleted',
        data: { poolId, municipalityCode, courseId, completedOn, employed, decidedAt: at.toISOString() },
      },
    ],
  );
};

