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

// Two processes starting at once would race on the catalogue (CREATE ... IF NOT EXISTS is not atomic): one lock.
const MIGRATION_LOCK = 4_711_001;

export async function migrateEventStore(pool: Pool): Promise<void> {
  await withTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    for (const sql of eventStoreSchemaSql) await client.query(sql);
  });
}
