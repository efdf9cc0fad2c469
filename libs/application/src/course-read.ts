import type { EventStore } from '@puljeflow/event-store';
import { courseStreamId, evolveCourse, initialCourseState, type CourseEvent } from '@puljeflow/domain';

/** A course as it was at an instant, folded from its stream: status, details and every decision with its reasons. */
export async function readCourseAsOf(store: EventStore, municipalityCode: string, courseId: string, asOf: Date) {
  const { events } = await store.readStream(courseStreamId(municipalityCode, courseId), { asOf });
  if (events.length === 0) return null;
  const state = events.reduce((s, e) => evolveCourse(s, { type: e.type, data: e.data } as CourseEvent), initialCourseState);
  const start = state.status === 'none' ? null : state.start;
  return {
    municipalityCode,
    courseId,
    poolId: start?.poolId ?? null,
    status: state.status === 'none' ? 'rejected' : state.status,
    citizen: start ? { pseudonym: start.citizen.pseudonym } : null,
    targetGroup: start?.targetGroup ?? null,
    course: start ? { ...start.course } : null,
    employerDeclaration: start?.employerDeclaration ?? null,
    cancelledOn: state.status === 'cancelled' ? state.cancelledOn : null,
    completedOn: state.status === 'completed' ? state.completedOn : null,
    employed: state.status === 'completed' ? state.employed : null,
    decisions: state.decisions.map((d) => ({
      type: d.event,
      outcome: d.accepted ? 'accepted' : 'rejected',
      decidedAt: d.decidedAt.toISOString(),
      reasons: d.reasons,
      ...(d.basis ? { basis: d.basis } : {}),
    })),
  };
}
