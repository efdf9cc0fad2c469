import type { ClientBase, Pool } from 'pg';
import { StreamVersionConflictError } from './errors';
import {
  EVENT_COLUMNS,
  type AppendResult,
  type EventRow,
  type ExpectedVersion,
  type NewEvent,
  type StreamRead,
  toRecordedEvent,
} from './events';
import { EVENTS_CHANNEL } from './schema';

// Each statement moves the stream's version only if the expectation holds, and holds the streams row locked until
// commit, so concurrent appends to one stream take their positions one after the other. A writer that waited for
// that lock sees the version the other committed (READ COMMITTED re-checks the row), hence a conflict, not a gap.
// A stream row at version 0 is a stream that was locked (lockStream) but has no events yet: still a new stream.
const CLAIM_NEW_STREAM = `INSERT INTO streams AS s (stream_id, version) VALUES ($1, $2)
  ON CONFLICT (stream_id) DO UPDATE SET version = s.version + $2 WHERE s.version = 0 RETURNING version::text`;
const CLAIM_AT_VERSION = `UPDATE streams SET version = version + $2 WHERE stream_id = $1 AND version = $3
  RETURNING version::text`;
const CLAIM_ANY = `INSERT INTO streams AS s (stream_id, version) VALUES ($1, $2)
  ON CONFLICT (stream_id) DO UPDATE SET version = s.version + $2 RETURNING version::text`;

/** Appends within the caller's open transaction on `client`. */
export async function appendToStream(
  client: ClientBase,
  streamId: string,
  events: NewEvent[],
  expectedVersion: ExpectedVersion,
): Promise<AppendResult> {
  if (events.length === 0) return checkOnly(client, streamId, expectedVersion);

  const claimed = await client.query<{ version: string }>(
    ...claimStatement(streamId, events.length, expectedVersion),
  );
  if (claimed.rows.length === 0) {
    throw new StreamVersionConflictError(streamId, expectedVersion, await currentVersion(client, streamId));
  }
  const version = Number(claimed.rows[0]!.version);

  // One statement for the batch; ORDER BY ord hands out the identity values in the caller's order.
  const inserted = await client.query<{ global_position: string; recorded_at: Date }>(
    `INSERT INTO events (stream_id, stream_position, type, data, metadata)
     SELECT $1, $2::bigint + e.ord, e.value->>'type', e.value->'data', e.value->'metadata'
     FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY AS e(value, ord)
     ORDER BY e.ord
     RETURNING global_position::text, recorded_at`,
    [streamId, version - events.length, JSON.stringify(events.map(toJson))],
  );
  await client.query('SELECT pg_notify($1, $2)', [EVENTS_CHANNEL, '']);
  return {
    nextExpectedVersion: version,
    positions: inserted.rows.map((r) => r.global_position).sort(byNumber),
    recordedAt: inserted.rows[0]!.recorded_at,
  };
}

function claimStatement(streamId: string, count: number, expected: ExpectedVersion): [string, unknown[]] {
  if (expected === 'any') return [CLAIM_ANY, [streamId, count]];
  if (expected === 'no_stream' || expected === 0) return [CLAIM_NEW_STREAM, [streamId, count]];
  return [CLAIM_AT_VERSION, [streamId, count, expected]];
}

function toJson(event: NewEvent) {
  return { type: event.type, data: event.data ?? null, metadata: event.metadata ?? {} };
}

const byNumber = (a: string, b: string) => (BigInt(a) < BigInt(b) ? -1 : 1);

async function checkOnly(client: ClientBase, streamId: string, expected: ExpectedVersion): Promise<AppendResult> {
  const actual = await currentVersion(client, streamId);
  const wanted = expected === 'no_stream' ? 0 : expected;
  if (wanted !== 'any' && wanted !== actual) throw new StreamVersionConflictError(streamId, expected, actual);
  const now = await client.query<{ now: Date }>('SELECT now()');
  return { nextExpectedVersion: actual, positions: [], recordedAt: now.rows[0]!.now };
}

async function currentVersion(client: ClientBase, streamId: string): Promise<number> {
  const r = await client.query<{ version: string }>('SELECT version::text FROM streams WHERE stream_id = $1', [
    streamId,
  ]);
  return r.rows.length === 0 ? 0 : Number(r.rows[0]!.version);
}

/**
 * The stream as it is now, or as it was at `asOf` (events recorded at or before that instant); with `afterVersion`
 * only the events after that position (a caller that keeps a folded state reads just what is new).
 * The version is the position of the last event read (or `afterVersion` when nothing is newer).
 */
export async function readStream(
  db: Pool | ClientBase,
  streamId: string,
  { asOf, afterVersion = 0 }: { asOf?: Date; afterVersion?: number } = {},
): Promise<StreamRead> {
  // A Date has milliseconds, recorded_at microseconds: an instant taken from an event's recordedAt must include it.
  const r = await db.query<EventRow>({
    name: 'es-read-stream',
    text: `SELECT ${EVENT_COLUMNS} FROM events
     WHERE stream_id = $1 AND stream_position > $3
       AND ($2::timestamptz IS NULL OR recorded_at < $2::timestamptz + interval '1 millisecond')
     ORDER BY stream_position`,
    values: [streamId, asOf ?? null, afterVersion],
  });
  const events = r.rows.map(toRecordedEvent);
  return { version: events.at(-1)?.streamPosition ?? afterVersion, events };
}

/**
 * Locks a stream for the rest of the caller's transaction, creating its row if needed, and returns its version.
 * A writer that reads, decides and appends under this lock never meets a version conflict: concurrent writers of
 * the same stream wait their turn instead of failing and replaying.
 */
export async function lockStream(client: ClientBase, streamId: string): Promise<number> {
  for (;;) {
    // Creates the stream at version 0 if it is new, else locks its row without writing a new version of it (a no-op
    // upsert would, and a stream locked by every decision would drag a growing chain of dead row versions).
    const r = await client.query<{ version: string }>({
      name: 'es-lock-stream',
      text: `WITH created AS (
               INSERT INTO streams (stream_id, version) VALUES ($1, 0) ON CONFLICT (stream_id) DO NOTHING RETURNING version),
             locked AS (SELECT version FROM streams WHERE stream_id = $1 FOR UPDATE)
             SELECT version::text FROM created UNION ALL SELECT version::text FROM locked`,
      values: [streamId],
    });
    // Nothing: another transaction created the stream while this statement ran; the next statement sees it.
    if (r.rows[0]) return Number(r.rows[0].version);
  }
}
