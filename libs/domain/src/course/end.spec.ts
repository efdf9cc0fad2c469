import { copenhagenInstant } from '../calendar';
import { courseStartRejected } from './decide';
import { cancelled, completed, given, startCourse, startedBy } from '../testing/course-spec-events';

describe('Course (docs/domain.md §5–6)', () => {
  describe('CancelCourse', () => {
    const started = startedBy(startCourse());
    const cancel = (cancelledOn: string, reason = 'Borgeren er flyttet') =>
      ({ type: 'CancelCourse', data: { cancelledOn, reason, at: copenhagenInstant('2020-04-14', '08:00') } }) as const;

    it('cancels a started course', () => {
      given([started]).when(cancel('2020-04-10')).then([cancelled()]);
      given([started]).when(cancel('2020-03-02')).then([cancelled('2020-03-02')]);
    });

    it('refuses a course that has not started', () => {
      given([]).when(cancel('2020-04-10')).thenRejects('UNKNOWN_COURSE');
      given([courseStartRejected(startCourse(), [])]).when(cancel('2020-04-10')).thenRejects('UNKNOWN_COURSE');
    });

    it('refuses a cancellation before the start, a missing reason and a malformed date', () => {
      given([started]).when(cancel('2020-03-01')).thenRejects('COURSE_TIMING_INVALID');
      given([started]).when(cancel('2020-04-10', ' ')).thenRejects('SCHEMA_INVALID');
      given([started]).when(cancel('10-04-2020')).thenRejects('SCHEMA_INVALID');
    });

    it('refuses a course that already ended', () => {
      given([started, cancelled()]).when(cancel('2020-04-12')).thenRejects('COURSE_ALREADY_ENDED');
      given([started, completed()]).when(cancel('2020-04-12')).thenRejects('COURSE_ALREADY_ENDED');
    });
  });

  describe('CompleteCourse', () => {
    const started = startedBy(startCourse());
    const complete = (completedOn: string, employed: unknown = true) =>
      ({
        type: 'CompleteCourse',
        data: { completedOn, employed: employed as boolean, at: copenhagenInstant('2020-06-02', '08:00') },
      }) as const;

    it('completes a started course, with whether the employment started', () => {
      given([started]).when(complete('2020-05-29')).then([completed()]);
      given([started]).when(complete('2020-05-29', false)).then([completed('2020-05-29', false)]);
    });

    it('refuses a course that has not started, or has ended', () => {
      given([]).when(complete('2020-05-29')).thenRejects('UNKNOWN_COURSE');
      given([started, cancelled()]).when(complete('2020-05-29')).thenRejects('COURSE_ALREADY_ENDED');
      given([started, completed()]).when(complete('2020-05-29')).thenRejects('COURSE_ALREADY_ENDED');
    });

    it('refuses a completion before the start and malformed values', () => {
      given([started]).when(complete('2020-02-28')).thenRejects('COURSE_TIMING_INVALID');
      given([started]).when(complete('2020-05-32')).thenRejects('SCHEMA_INVALID');
      given([started]).when(complete('2020-05-29', 'yes')).thenRejects('SCHEMA_INVALID');
    });
  });
});
