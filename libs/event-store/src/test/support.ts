import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Pool } from 'pg';
import { EventStore, migrateEventStore } from '../index';

// Not @puljeflow/test-support: it brings in the whole system (read-models, which depends on this library), and nx
// refuses the cycle. This needs only the server that test/global-setup.mjs starts and names in the environment.
export const repoRoot = path.resolve(__dirname, '../../../..');

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

export interface TestEventStore {
  url: string;
  pool: Pool;
  store: EventStore;
  close(): Promise<void>;
}

/** A new database with the event store's schema, and a pool of `max` connections to it. */
export async function freshEventStore(prefix: string, max = 10): Promise<TestEventStore> {
  const db = await createFreshDatabase(prefix);
  const pool = new Pool({ connectionString: db.url, max });
  await migrateEventStore(pool);
  return {
    url: db.url,
    pool,
    store: new EventStore(pool),
    async close() {
      await pool.end();
      await db.drop();
    },
  };
}

export function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Retries `check` until it stops throwing, or rethrows its last error after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(20);
    }
  }
}
