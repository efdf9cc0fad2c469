import { DataSource } from 'typeorm';
import { ApiKey, Municipality, StaffSession, StaffUser } from './entities/access.entities';
import { PoolView } from './entities/pool-view.entity';
import { PoolMunicipalityStanding } from './entities/standing.entity';
import { Initial1764000000000 } from './migrations/1764000000000-initial';
import { CoursesAndReferenceData1764100000000 } from './migrations/1764100000000-courses-and-reference-data';
import { CourseView } from './entities/course-view.entity';
import { Feed1764200000000 } from './migrations/1764200000000-feed';
import { Payments1764300000000 } from './migrations/1764300000000-payments';
import { Imports1764400000000 } from './migrations/1764400000000-imports';
import { WriteExpectations1764500000000 } from './migrations/1764500000000-write-expectations';
import { StaffReads1765000000000 } from './migrations/1765000000000-staff-reads';

export const entities = [PoolView, PoolMunicipalityStanding, Municipality, ApiKey, StaffUser, StaffSession, CourseView];
export const migrations = [Initial1764000000000, CoursesAndReferenceData1764100000000, Feed1764200000000, Payments1764300000000, Imports1764400000000, WriteExpectations1764500000000, StaffReads1765000000000];

/** The read-model database. Schema changes only through migrations: never `synchronize`. */
export function createDataSource(url: string, options: { poolSize?: number } = {}): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities,
    migrations,
    synchronize: false,
    migrationsRun: false,
    migrationsTableName: 'schema_migrations',
    extra: { max: options.poolSize ?? 10 },
    logging: ['error'],
  });
}

/** Applies every pending migration, one at a time, under an advisory lock so parallel starts do not race. */
export async function runMigrations(url: string): Promise<string[]> {
  const ds = createDataSource(url, { poolSize: 2 });
  await ds.initialize();
  const lock = ds.createQueryRunner();
  try {
    await lock.query('SELECT pg_advisory_lock(74210001)');
    const applied = await ds.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await lock.release();
    await ds.destroy();
  }
}
