import type { CourseEvent } from '@puljeflow/domain';
import type { Projection, RecordedEvent } from '@puljeflow/event-store';

interface Tx {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/**
 * Courses and their decisions (for `GET …/courses/{courseId}`), and the course counts of each standing.
 * Keyed by the event's own ids, so a rebuild from zero gives the same rows.
 */
export const courseProjection: Projection = {
  name: 'courses',
  handles: ['CourseStarted', 'CourseStartRejected', 'CourseCancelled', 'CourseCompleted'],
  async apply(tx, events) {
    for (const event of events) await applyOne(tx, event);
  },
  async reset(tx) {
    await tx.query('TRUNCATE course_view');
    await tx.query('UPDATE pool_municipality_standing SET courses_started = 0, courses_rejected = 0');
  },
};

const decisionOf = (event: RecordedEvent, outcome: 'accepted' | 'rejected', reasons: unknown[] = []) =>
  JSON.stringify([{ type: event.type, outcome, decidedAt: (event.data as { decidedAt?: string }).decidedAt ?? event.recordedAt.toISOString(), reasons, basis: (event.data as { basis?: unknown }).basis }]);

async function applyOne(tx: Tx, recorded: RecordedEvent): Promise<void> {
  const event = { type: recorded.type, data: recorded.data } as CourseEvent;
  const key = [event.data.municipalityCode, event.data.courseId];
  switch (event.type) {
    case 'CourseStarted': {
      const c = event.data.course;
      await tx.query(
        `INSERT INTO course_view (municipality_code, course_id, pool_id, status, citizen_pseudonym, target_group, start_date, end_date,
           category, title, provider, estimated_cost_ore, employer, decisions)
         VALUES ($1, $2, $3, 'started', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
         ON CONFLICT (municipality_code, course_id) DO UPDATE SET pool_id = EXCLUDED.pool_id, status = 'started',
           citizen_pseudonym = EXCLUDED.citizen_pseudonym, target_group = EXCLUDED.target_group, start_date = EXCLUDED.start_date,
           end_date = EXCLUDED.end_date, category = EXCLUDED.category, title = EXCLUDED.title, provider = EXCLUDED.provider,
           estimated_cost_ore = EXCLUDED.estimated_cost_ore, employer = EXCLUDED.employer,
           decisions = course_view.decisions || EXCLUDED.decisions`,
        [...key, event.data.poolId, event.data.citizen.pseudonym, event.data.targetGroup, c.startDate, c.endDate, c.category, c.title, c.provider, c.estimatedCostOre, JSON.stringify(event.data.employerDeclaration), decisionOf(recorded, 'accepted')],
      );
      await bumpStanding(tx, event.data.poolId, event.data.municipalityCode, 'courses_started');
      return;
    }
    case 'CourseStartRejected':
      await tx.query(
        `INSERT INTO course_view (municipality_code, course_id, pool_id, status, decisions) VALUES ($1, $2, $3, 'rejected', $4)
         ON CONFLICT (municipality_code, course_id) DO UPDATE SET decisions = course_view.decisions || EXCLUDED.decisions`,
        [...key, event.data.poolId ?? null, decisionOf(recorded, 'rejected', event.data.reasons)],
      );
      if (event.data.poolId) await bumpStanding(tx, event.data.poolId, event.data.municipalityCode, 'courses_rejected');
      return;
    case 'CourseCancelled':
      await tx.query(`UPDATE course_view SET status = 'cancelled', cancelled_on = $3, decisions = decisions || $4 WHERE municipality_code = $1 AND course_id = $2`, [
        ...key,
        event.data.cancelledOn,
        decisionOf(recorded, 'accepted'),
      ]);
      return;
    case 'CourseCompleted':
      await tx.query(`UPDATE course_view SET status = 'completed', completed_on = $3, employed = $4, decisions = decisions || $5 WHERE municipality_code = $1 AND course_id = $2`, [
        ...key,
        event.data.completedOn,
        event.data.employed,
        decisionOf(recorded, 'accepted'),
      ]);
      return;
  }
}

async function bumpStanding(tx: Tx, poolId: string, municipalityCode: string, column: 'courses_started' | 'courses_rejected') {
  await tx.query(
    `INSERT INTO pool_municipality_standing (pool_id, municipality_code, ${column}) VALUES ($1, $2, 1)
     ON CONFLICT (pool_id, municipality_code) DO UPDATE SET ${column} = pool_municipality_standing.${column} + 1`,
    [poolId, municipalityCode],
  );
}
