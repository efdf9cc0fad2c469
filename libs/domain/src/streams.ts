// Stream ids, one per consistency boundary (design.md "Event store").

import type { MunicipalityCode } from './municipality';

export const poolStreamId = (poolId: string): string => `pool-${poolId}`;

export const commitmentStreamId = (poolId: string, municipalityCode: MunicipalityCode): string =>
  `commitment-${poolId}-${municipalityCode}`;

/** A course is the municipality's own reference, unique per municipality (docs/municipal-api.md, `CourseStarted`). */
export const courseStreamId = (municipalityCode: MunicipalityCode, courseId: string): string =>
  `course-${municipalityCode}-${courseId}`;

/** A municipality's money in a pool: expenses, claims, reviews, approvals, payments, settlements, the lapse. */
export const ledgerStreamId = (poolId: string, municipalityCode: MunicipalityCode): string =>
  `ledger-${poolId}-${municipalityCode}`;

/** One payout run of a pool, on one of its run dates ('YYYY-MM-DD'); also the run workflow's id (docs/style.md). */
export const payoutRunStreamId = (poolId: string, runDate: string): string => `payout-${poolId}-${runDate}`;

/** The agency's spending on the pool's marketing line. */
export const marketingStreamId = (poolId: string): string => `marketing-${poolId}`;
