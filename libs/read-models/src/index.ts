export * from './data-source';
export * from './entities/access.entities';
export * from './entities/pool-view.entity';
export * from './entities/standing.entity';
export * from './entities/course-view.entity';
export * from './projections/course.projection';
export * from './projections/feed.projection';
export * from './projections/pool-standing.projection';
export * from './projections/staff-reads.projection';
export * from './queries/feed';

import { courseProjection } from './projections/course.projection';
import { feedProjection } from './projections/feed.projection';
import { poolStandingProjection } from './projections/pool-standing.projection';
import { staffReadsProjection } from './projections/staff-reads.projection';

/** Every projection the system runs, in one list for the projection runner. */
export const allProjections = [poolStandingProjection, courseProjection, feedProjection, staffReadsProjection];
