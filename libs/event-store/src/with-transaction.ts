import type { ClientBase, Pool, PoolClient, QueryResult, QueryResultRow } from 'pg';

/** Runs `fn` between BEGIN and COMMIT on one pooled connection; any error rolls back and is rethrown. */
export async function withTransaction<T>(pool: Pool, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  return withConnection(pool, async (client) => {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  }, { rollbackOnError: () => true });
}

/**
 * Runs `fn` on one pooled connection and gives it back. If `fn` fails and `rollbackOnError()` says a transaction may
 * be open, ROLLBACK first; a connection that cannot even roll back is broken, and the pool discards it.
 */
export async function withConnection<T>(
  pool: Pool,
  fn: (client: PoolClient) => Promise<T>,
  { rollbackOnError }: { rollbackOnError: () => boolean },
): Promise<T> {
  const client = await pool.connect();
  // The pool stops listening for errors on a client it has handed out. A connection lost between two statements
  // (server restart, terminated backend) would then be an unhandled 'error' event and end the process; with this
  // listener the next statement fails instead, and the transaction rolls back like any other failure.
  const ignore = () => undefined;
  client.on('error', ignore);
  try {
    const result = await fn(client);
    release(client, ignore);
    return result;
  } catch (error) {
    if (!rollbackOnError()) {
      release(client, ignore);
      throw error;
    }
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

/** A statement for `queryTogether`: plain SQL without parameters, or a named statement with its parameters. */
export type Statement = string | { name: string; text: string; values?: unknown[] };

/**
 * Sends `statements` one after the other without waiting for the answers in between when the connection is
 * pipelined (node-postgres `pipeline: true`): one write and one round trip for all of them, e.g. BEGIN with a
 * transaction's first statement, or its last statement with COMMIT. On a connection that is not pipelined they run
 * one by one. Each has its own Sync, so they succeed or fail one by one as if sent alone; every answer is awaited
 * before the first failure is thrown.
 */
export async function queryTogether<R extends QueryResultRow = QueryResultRow>(client: ClientBase, statements: Statement[]): Promise<QueryResult<R>[]> {
  const send = (s: Statement) => (typeof s === 'string' ? client.query<R>(s) : client.query<R>(s));
  if (!(client as { pipeline?: boolean }).pipeline) {
    const results: QueryResult<R>[] = [];
    for (const s of statements) results.push(await send(s));
    return results;
  }
  // Each query corks and uncorks the socket around its own messages; an outer cork makes them one write.
  const socket = (client as unknown as { connection?: { stream?: { cork?: () => void; uncork?: () => void } } }).connection?.stream;
  socket?.cork?.();
  let sent: Promise<QueryResult<R>>[];
  try {
    sent = statements.map(send);
  } finally {
    socket?.uncork?.();
  }
  const settled = await Promise.allSettled(sent);
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;
  return settled.map((s) => (s as PromiseFulfilledResult<QueryResult<R>>).value);
}
