import type { Pool } from 'pg';
import { withTransaction } from './with-transaction';

/** Every append notifies this channel in its own transaction, so followers hear of it exactly when it commits. */
export const EVENTS_CHANNEL = 'puljeflow_events';

/** The event store's tables, each statement safe to run again. */
export const eventStoreSchemaSql: string[] = [
  `CREATE TABLE IF NOT EXISTS events (
    global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
    stream_id text NOT NULL,
    stream_position bigint NOT NULL,
    event_id uuid NOT NULL UNIQUE DEFAULT gen_random_uuid(),
    type text NOT NULL,
    data jsonb NOT NULL,
    metadata jsonb NOT NULL DEFAULT '{}',
    recorded_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (stream_id, stream_position)
  )`,
  // The global order readers follow (read-all.ts).
  `CREATE INDEX IF NOT EXISTS events_transaction_order ON events (transaction_id, global_position)`,
  `CREATE TABLE IF NOT EXISTS streams (
    stream_id text PRIMARY KEY,
    version bigint NOT NULL
  )`,
  `CREATE TABLE IF NOT EXISTS idempotency_keys (
    scope text NOT NULL,
    key text NOT NULL,
    body_hash text NOT NULL,
    outcome jsonb,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (scope, key)
  )`,
  `CREATE TABLE IF NOT EXISTS projection_checkpoints (
    name text PRIMARY KEY,
    cursor text,
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE OR REPLACE FUNCTION events_are_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    RAISE EXCEPTION 'events are append-only: % refused', TG_OP;
  END
  $$`,
  // Statement level, so TRUNCATE is refused too and a DELETE that matches nothing still says what it tried.
  `CREATE OR REPLACE TRIGGER events_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION events_are_append_only()`,
];

/**
 * SQLSTATEs of a write whose expectations no longer hold (WriteBatch.expect): nothing of it is written, and the
 * caller decides again from what the database holds.
 */
export const EXPECTATION_FAILED = { streamMoved: 'PF001', keyRecorded: 'PF002', requirement: 'PF003' } as const;

/**
 * Functions of a write that was decided before it was sent (WriteBatch.expect): the checks run in the write's own
 * transaction, before its events, and fail it with one of EXPECTATION_FAILED's codes. Safe to run again.
 */
export const eventStoreFunctionsSql: string[] = [
  // Locks the streams in id order (a stream expected at version 0 is created when missing), then fails unless each is
  // at the version the caller decided from and none of the idempotency keys has an outcome recorded.
  `CREATE OR REPLACE FUNCTION event_store_expect(stream_ids text[], versions bigint[], scopes text[], keys text[])
   RETURNS void LANGUAGE plpgsql AS $$
   DECLARE
     matching int;
   BEGIN
     INSERT INTO streams (stream_id, version)
       SELECT e.id, 0 FROM unnest(stream_ids, versions) AS e(id, v) WHERE e.v = 0 ORDER BY e.id
       ON CONFLICT (stream_id) DO NOTHING;
     PERFORM 1 FROM streams WHERE stream_id = ANY(stream_ids) ORDER BY stream_id FOR UPDATE;
     SELECT count(*) INTO matching FROM streams s JOIN unnest(stream_ids, versions) AS e(id, v) ON s.stream_id = e.id AND s.version = e.v;
     IF matching <> cardinality(stream_ids) THEN
       RAISE EXCEPTION USING ERRCODE = '${EXPECTATION_FAILED.streamMoved}', MESSAGE = 'a stream moved since the write was decided';
     END IF;
     IF EXISTS (SELECT 1 FROM idempotency_keys k JOIN unnest(scopes, keys) AS w(scope, key) ON k.scope = w.scope AND k.key = w.key) THEN
       RAISE EXCEPTION USING ERRCODE = '${EXPECTATION_FAILED.keyRecorded}', MESSAGE = 'an idempotency key of the write has an outcome recorded';
     END IF;
   END
   $$`,
  // For a requirement of the caller's sent with such a write (e.g. the request's credentials still valid).
  `CREATE OR REPLACE FUNCTION event_store_require(ok boolean, what text) RETURNS void LANGUAGE plpgsql AS $$
   BEGIN
     IF ok IS NOT TRUE THEN
       RAISE EXCEPTION USING ERRCODE = '${EXPECTATION_FAILED.requirement}', MESSAGE = 'requirement not met: ' || what;
     END IF;
   END
   $$`,
];

// Two processes starting at once would race on the catalogue (CREATE ... IF NOT EXISTS is not atomic): one lock.
const MIGRATION_LOCK = 4_711_001;

export async function migrateEventStore(pool: Pool): Promise<void> {
  await withTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    for (const sql of [...eventStoreSchemaSql, ...eventStoreFunctionsSql]) await client.query(sql);
  });
}
