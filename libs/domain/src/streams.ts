// Stream ids, one per consistency boundary (design.md "Event store").

import type { MunicipalityCode } from './municipality';

export const poolStreamId = (poolId: string): string => `pool-${poolId}`;

export const commitmentStreamId = (poolId: string, municipalityCode: MunicipalityCode): string =>
  `commitment-${poolId}-${municipalityCode}`;

/** A course is the municipality's own reference, unique per municipality (municipal-api.md, `CourseStarted`). */
export const courseStreamId = (municipalityCode: MunicipalityCode, courseId: string): string =>
  `course-${municipalityCode}-${courseId}`;
