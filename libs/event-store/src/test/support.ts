import path from 'node:path';
import { Pool } from 'pg';
import { createFreshDatabase } from '@puljeflow/test-support';
import { EventStore, migrateEventStore } from '../index';

export const repoRoot = path.resolve(__dirname, '../../../..');

export { createFreshDatabase };

export interface TestEventStore {
  url: string;
  pool: Pool;
  store: EventStore;
  close(): Promise<void>;
}

/** A new database with the event store's schema, and a pool of `max` connections to it. */
export async function freshEventStore(prefix: string, max = 10): Promise<TestEventStore> {
  const db = await createFreshDatabase(prefix);
  // Pipelined, as the api's and the worker's pools are.
  const pool = new Pool({ connectionString: db.url, max, pipeline: true });
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

/**
 * Resolves once at least `count` sessions of the pool's database wait on a lock: the positive signal that a second
 * writer is blocked, where a fixed sleep would only hope so.
 */
export async function untilBlockedOnLock(pool: Pool, count = 1): Promise<void> {
  await eventually(async () => {
    const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
    if (rows[0]!.n < count) throw new Error(`${rows[0]!.n} of ${count} sessions wait on a lock`);
  });
}

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
