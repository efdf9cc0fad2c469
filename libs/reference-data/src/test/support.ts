import { createFreshDatabase } from '@puljeflow/test-support';
import { Pool } from 'pg';
import { migrateReferenceData } from '../schema';

export interface TestDatabase {
  url: string;
  pool: Pool;
  close(): Promise<void>;
}

/** A new empty database and a pool on it; with `migrate`, the read models' `municipalities` table (as their first
 * migration makes it, without its check) and this library's schema. */
export async function freshDatabase(prefix: string, { migrate = true } = {}): Promise<TestDatabase> {
  const db = await createFreshDatabase(prefix);
  const pool = new Pool({ connectionString: db.url, max: 5 });
  if (migrate) {
    await pool.query(`CREATE TABLE IF NOT EXISTS municipalities (code text PRIMARY KEY, name text NOT NULL)`);
    await migrateReferenceData(pool);
  }
  return {
    url: db.url,
    pool,
    async close() {
      await pool.end();
      await db.drop();
    },
  };
}
