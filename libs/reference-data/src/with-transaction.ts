import type { Pool, PoolClient } from 'pg';

/** Runs `fn` between BEGIN and COMMIT on one pooled connection; any error rolls back and is rethrown. */
export async function withTransaction<T>(pool: Pool, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  // As in the event store: a connection lost mid-transaction must fail the next statement, not end the process.
  const ignore = () => undefined;
  client.on('error', ignore);
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    // A connection that cannot even roll back is broken: releasing it with the error makes the pool discard it.
    await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
    throw error;
  } finally {
    client.removeListener('error', ignore);
    client.release(broken);
  }
}
