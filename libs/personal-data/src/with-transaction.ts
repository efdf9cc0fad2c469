import type { Pool, PoolClient } from 'pg';

// The same as libs/event-store/src/with-transaction.ts, which that library does not export.

/** Runs `fn` between BEGIN and COMMIT on one pooled connection; any error rolls back and is rethrown. */
export async function withTransaction<T>(pool: Pool, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  // The pool stops listening for errors on a client it has handed out. A connection lost between two statements
  // (server restart, terminated backend) would then be an unhandled 'error' event and end the process; with this
  // listener the next statement fails instead, and the transaction rolls back like any other failure.
  const ignore = () => undefined;
  client.on('error', ignore);
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    release(client, ignore);
    return result;
  } catch (error) {
    // A connection that cannot even roll back is broken: releasing it with the error makes the pool discard it.
    await client.query('ROLLBACK').then(
      () => release(client, ignore),
      (rollbackError: Error) => release(client, ignore, rollbackError),
    );
    throw error;
  }
}

function release(client: PoolClient, listener: () => void, error?: Error) {
  client.removeListener('error', listener);
  client.release(error);
}
