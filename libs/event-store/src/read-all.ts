import type { ClientBase, Pool } from 'pg';
import { decodeCursor } from './cursor';
import { EVENT_COLUMNS, type EventRow, type RecordedEvent, toRecordedEvent } from './events';

// Why not simply follow global_position? An identity value is taken when a row is inserted but becomes visible when
// its transaction commits. Transaction A takes position 10, B takes 11 and commits first: a reader that saw 11 and
// moved its cursor past it will never look at 10, which appears a moment later.
//
// So each row carries its transaction id (xid8), and readers follow (transaction_id, global_position), reading only
// rows of transactions older than the oldest one still running, pg_snapshot_xmin(pg_current_snapshot()). Every such
// transaction has ended, so nothing can ever appear behind the cursor again; a transaction still running, or not yet
// begun, will get or has an id at or above that horizon. The price: any writing transaction on the server holds
// readers back until it ends, so keep transactions short. (Emmett's PostgreSQL store uses the same idea.)
//
// Within one transaction the events keep the order they were appended in.

export interface ReadAllOptions {
  /** A cursor from a previously read event; null or absent to start at the beginning. */
  after?: string | null;
  limit?: number;
}

export async function readAll(
  db: Pool | ClientBase,
  { after = null, limit = 1000 }: ReadAllOptions = {},
): Promise<RecordedEvent[]> {
  const from = after === null ? { transactionId: '0', globalPosition: '0' } : decodeCursor(after);
  const r = await db.query<EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM events
     WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
       AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
     ORDER BY transaction_id, global_position
     LIMIT $3`,
    [from.transactionId, from.globalPosition, limit],
  );
  return r.rows.map(toRecordedEvent);
}

/**
 * Resolves once readers can pass every event committed so far: when the transactions older than the newest
 * committed event have ended, a moment on a busy server. Reading on after that misses nothing committed before
 * the call, which is what "catch up" promises. Gives up quietly when `signal` aborts.
 */
export async function waitUntilReadable(db: Pool, signal?: AbortSignal): Promise<void> {
  const newest = await db.query<{ transaction_id: string }>(
    'SELECT transaction_id::text FROM events ORDER BY transaction_id DESC LIMIT 1',
  );
  const transactionId = newest.rows[0]?.transaction_id;
  if (transactionId === undefined) return;
  // Usually a few milliseconds; backing off spares the server when a long transaction holds everyone back.
  for (let pause = 5; !signal?.aborted; pause = Math.min(pause * 2, 250)) {
    const r = await db.query<{ readable: boolean }>(
      'SELECT $1::xid8 < pg_snapshot_xmin(pg_current_snapshot()) AS readable',
      [transactionId],
    );
    if (r.rows[0]!.readable) return;
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
}
