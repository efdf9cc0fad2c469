import { courseStartRejected, courseStreamId, decideCourse, validateCpr, type StartCourse } from '@puljeflow/domain';
import type { NewEvent, TransactionReader } from '@puljeflow/event-store';
import type { CourseCancelledData, CourseCompletedData, CourseStartedData } from '@puljeflow/contracts';
import { CitizenErasedError, type CitizenVault } from '@puljeflow/personal-data';
import { BalanceLookup, rarAreaNamed } from '@puljeflow/reference-data';
import { loadCommitment, loadCourse, loadPool } from './loaders';
import type { Reason } from './streams';

/** What a course report decided: events for the course's stream, and the reasons when it was rejected. */
export interface CourseDecided {
  streamId: string;
  expectedVersion: number;
  events: NewEvent[];
  rejection?: readonly Reason[];
}

/**
 * A course start (docs/domain.md §5). The CPR number stops here: it is validated, replaced by a keyed pseudonym and kept
 * only as ciphertext under the citizen's own key. The facts the rules need — pool, commitment, the labour-market
 * balance in force on the declaration date — are read and handed to the pure decision.
 */
export async function decideCourseStart(
  tx: TransactionReader,
  deps: { vault: CitizenVault },
  municipalityCode: string,
  data: CourseStartedData,
  at: Date,
): Promise<CourseDecided | { invalid: Reason[] }> {
  const cpr = validateCpr(data.citizen.cpr);
  if (!cpr.ok) return { invalid: [{ code: 'SCHEMA_INVALID', message: `data.citizen.cpr: ${cpr.message}` }] };
  let citizen;
  try {
    citizen = await deps.vault.protect(cpr.cpr, {}, tx);
  } catch (err) {
    // An erased person is not recreated by a later report (crypto-shredding must stick).
    if (err instanceof CitizenErasedError) return { invalid: [{ code: 'CITIZEN_ERASED', message: "This citizen's personal data has been erased at their request; no new course can be recorded for them." }] };
    throw err;
  }

  await tx.lockStream(courseStreamId(municipalityCode, data.courseId));
  // One client, one query at a time (a transaction's statements run in order anyway).
  const pool = await loadPool(tx, data.poolId);
  const commitment = await loadCommitment(tx, data.poolId, municipalityCode);
  const course = await loadCourse(tx, municipalityCode, data.courseId);
  const declaration = data.employerDeclaration;
  const area = declaration?.rarArea ? rarAreaNamed(declaration.rarArea) : null;
  const balance =
    declaration?.signedOn && declaration.jobTitle && area ? await new BalanceLookup(tx).statusOn(declaration.signedOn, area, declaration.jobTitle) : null;

  const command: StartCourse = {
    type: 'StartCourse',
    data: {
      municipalityCode,
      courseId: data.courseId,
      poolId: data.poolId,
      citizen: { pseudonym: citizen.pseudonym, cprCiphertext: citizen.cprCiphertext },
      targetGroup: data.targetGroup,
      ...(data.unemployedSince ? { unemployedSince: data.unemployedSince } : {}),
      ...(declaration
        ? {
            employerDeclaration: {
              cvr: declaration.cvr ?? '',
              employerName: declaration.employerName ?? '',
              jobTitle: declaration.jobTitle ?? '',
              rarArea: declaration.rarArea ?? '',
              signedOn: declaration.signedOn,
              expectedEmploymentStart: declaration.expectedEmploymentStart,
              withoutWageSubsidy: declaration.withoutWageSubsidy,
            },
          }
        : {}),
      course: data.course,
      at,
      pool: pool.state,
      commitment: commitment.state,
      balance,
    },
  };
  const streamId = courseStreamId(municipalityCode, data.courseId);
  const decision = decideCourse(command, course.state);
  if (decision.ok) return { streamId, expectedVersion: course.version, events: decision.events as NewEvent[] };
  // The rejected start is kept in the course's history too, with the basis it was decided on.
  return { streamId, expectedVersion: course.version, events: [courseStartRejected(command, decision.reasons)], rejection: decision.reasons };
}

export async function decideCourseCancellation(tx: TransactionReader, municipalityCode: string, data: CourseCancelledData, at: Date): Promise<CourseDecided> {
  await tx.lockStream(courseStreamId(municipalityCode, data.courseId));
  const course = await loadCourse(tx, municipalityCode, data.courseId);
  const decision = decideCourse({ type: 'CancelCourse', data: { cancelledOn: data.cancelledOn, reason: data.reason, at } }, course.state);
  const streamId = courseStreamId(municipalityCode, data.courseId);
  return decision.ok ? { streamId, expectedVersion: course.version, events: decision.events as NewEvent[] } : { streamId, expectedVersion: course.version, events: [], rejection: decision.reasons };
}

export async function decideCourseCompletion(tx: TransactionReader, municipalityCode: string, data: CourseCompletedData, at: Date): Promise<CourseDecided> {
  await tx.lockStream(courseStreamId(municipalityCode, data.courseId));
  const course = await loadCourse(tx, municipalityCode, data.courseId);
  const decision = decideCourse({ type: 'CompleteCourse', data: { completedOn: data.completedOn, employed: data.employed, at } }, course.state);
  const streamId = courseStreamId(municipalityCode, data.courseId);
  return decision.ok ? { streamId, expectedVersion: course.version, events: decision.events as NewEvent[] } : { streamId, expectedVersion: course.version, events: [], rejection: decision.reasons };
}
