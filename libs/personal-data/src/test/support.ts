import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';

// Not @puljeflow/test-support: a scope:lib project may not depend on scope:test (eslint module boundaries), and that
// package brings in the whole system. This needs only the server test/global-setup.mjs starts and names.
export async function createFreshDatabase(prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = process.env.PULJEFLOW_PG_ADMIN_URL;
  if (!adminUrl) throw new Error('PULJEFLOW_PG_ADMIN_URL is not set: run tests through jest (test/global-setup.mjs).');
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  const admin = new Pool({ connectionString: adminUrl, max: 1 });
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      // pool.end() resolves before its connections have closed; one that FORCE killed would be an unhandled 'error'.
      for (let i = 0; i < 100; i++) {
        const r = await admin.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name]);
        if (r.rows[0].n === 0) break;
        await sleep(20);
      }
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    },
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
