import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The admin URL of the PostgreSQL server of this test run (set by test/global-setup.mjs). */
export function adminUrl(): string {
  const url = process.env.PULJEFLOW_PG_ADMIN_URL;
  if (!url) throw new Error('PULJEFLOW_PG_ADMIN_URL is not set: run tests through jest (test/global-setup.mjs).');
  return url;
}

export interface FreshDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** Creates an empty database with a unique name on the test server. */
export async function createFreshDatabase(prefix = 'test'): Promise<FreshDatabase> {
  const name = `${prefix.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${randomBytes(5).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const c = new Client({ connectionString: adminUrl() });
      await c.connect();
      try {
        // pg's pool.end() resolves before its sockets are closed; give them a moment so FORCE kills nobody mid-flight.
        for (let i = 0; i < 50; i++) {
          const { rows } = await c.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name]);
          if (rows[0].n === 0) break;
          await new Promise((r) => setTimeout(r, 100));
        }
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
