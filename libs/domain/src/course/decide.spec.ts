import { copenhagenInstant } from '../calendar';
import { replay } from '../decision';

import { courseDecider, courseStartRejected } from './decide';
import { basis, cancelled, completed, courseId, poolId, startCourse, startedBy } from '../testing/course-spec-events';

describe('Course (docs/domain.md §5–6)', () => {
  describe('state', () => {
    it('starts with no course and no decisions', () => {
      expect(courseDecider.initialState()).toEqual({ status: 'none', decisions: [] });
    });

    it('follows the course from rejected reports to started and cancelled, keeping every decision', () => {
      const rejection = courseStartRejected(startCourse({ balance: null }), [
        { code: 'JOB_NOT_SHORTAGE_TITLE', message: 'not a shortage title' },
      ]);
      const started = startedBy(startCourse());
      const state = replay(courseDecider, [rejection, started, cancelled()]);

      expect(state).toMatchObject({
        status: 'cancelled',
        cancelledOn: '2020-04-10',
        cancellationReason: 'Borgeren er flyttet',
        start: { courseId, poolId, course: { startDate: '2020-03-02', estimatedCostOre: 3_500_000 } },
      });
      expect(state.decisions).toEqual([
        {
          event: 'CourseStartRejected',
          accepted: false,
          decidedAt: copenhagenInstant('2020-03-02', '09:15'),
          reasons: [{ code: 'JOB_NOT_SHORTAGE_TITLE', message: 'not a shortage title' }],
          basis: basis({ balanceVersion: null, shortageStatus: null }),
        },
        {
          event: 'CourseStarted',
          accepted: true,
          decidedAt: copenhagenInstant('2020-03-02', '09:15'),
          reasons: [],
          basis: basis(),
        },
        {
          event: 'CourseCancelled',
          accepted: true,
          decidedAt: copenhagenInstant('2020-04-14', '08:00'),
          reasons: [],
          basis: null,
        },
      ]);
    });

    it('shows a completed course and whether the employment started', () => {
      expect(replay(courseDecider, [startedBy(startCourse()), completed('2020-05-29', false)])).toMatchObject({
        status: 'completed',
        completedOn: '2020-05-29',
        employed: false,
      });
    });

    it('reads events that came back from the store as JSON', () => {
      const events = [startedBy(startCourse()), cancelled()];
      expect(replay(courseDecider, JSON.parse(JSON.stringify(events)))).toEqual(replay(courseDecider, events));
    });
  });
});
