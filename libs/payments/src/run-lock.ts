// One writer per payout run at a time, across processes and pods: a PostgreSQL advisory lock keyed by the run, held
// by a transaction for as long as the work runs. It ends with the transaction, so a writer that dies (or loses its
// connection) holds nothing, and nothing on disk has to be judged stale.

import type { Pool, PoolClient } from 'pg';
import { serialised } from './files/keyed-mutex';

/** Runs work on one run at a time. */
export interface RunLock {
  withRunLock<T>(runKey: string, work: () => Promise<T>): Promise<T>;
}

export class RunLockTimeoutError extends Error {
  override readonly name = 'RunLockTimeoutError';
  constructor(
    readonly runKey: string,
    readonly timeoutMs: number,
  ) {
    super(`timed out after ${timeoutMs} ms waiting for the lock of payout run ${runKey}`);
  }
}

/** The first half of the two-part advisory lock key: pain.001 runs (the second is the run key's hash). Two-part keys
 * never meet the one-part keys of the migrations and imports. */
const RUN_FILES_LOCK_SPACE = 74_210_100;
/** lock_not_available: lock_timeout passed. */
const LOCK_NOT_AVAILABLE = '55P03';

/** Serialises one process's calls in memory, and nothing more: for tests and tools that are a run's only writer. */
export const processRunLock: RunLock = { withRunLock: (runKey, work) => serialised(`run:${runKey}`, work) };

/** The run's lock in PostgreSQL (pg_advisory_xact_lock). Calls of this process queue in memory first, so waiting
 * writers do not each hold one of the pool's connections. Give it a pool of its own where payments are made inside
 * transactions on another (then they never wait for a connection their own transactions hold). */
export class PgAdvisoryRunLock implements RunLock {
  constructor(
    private readonly pool: Pool,
    private readonly options: { timeoutMs: number } = { timeoutMs: 60_000 },
  ) {}

  withRunLock<T>(runKey: string, work: () => Promise<T>): Promise<T> {
    return serialised(`run:${runKey}`, () => this.holding(runKey, work));
  }

  private async holding<T>(runKey: string, work: () => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let healthy = true;
    try {
      await client.query('BEGIN');
      await this.lock(client, runKey);
      return await work();
    } finally {
      // The lock ends with the transaction (nothing is written in it); a connection that cannot end it is dropped.
      await client.query('ROLLBACK').catch(() => (healthy = false));
      client.release(!healthy);
    }
  }

  private async lock(client: PoolClient, runKey: string): Promise<void> {
    try {
      await client.query(`SELECT set_config('lock_timeout', $1, true)`, [`${this.options.timeoutMs}ms`]);
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [RUN_FILES_LOCK_SPACE, runKey]);
    } catch (error) {
      if ((error as { code?: string }).code === LOCK_NOT_AVAILABLE) throw new RunLockTimeoutError(runKey, this.options.timeoutMs);
      throw error;
    }
  }
}
