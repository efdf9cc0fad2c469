import type { Pool } from 'pg';
import { withTransaction } from '@puljeflow/event-store';

/**
 * The vault's tables, each statement safe to run again. A citizen's data key lives only in `citizen_keys`, wrapped;
 * deleting its row is the erasure (docs/domain.md, Personal data). `citizen_erasures` remembers that it happened, and
 * holds no personal data: the pseudonym cannot be reversed, and without the key nothing sealed under it opens.
 */
export const personalDataSchemaSql: string[] = [
  `CREATE TABLE IF NOT EXISTS citizen_keys (
    pseudonym text PRIMARY KEY,
    wrapped_key bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE TABLE IF NOT EXISTS citizen_erasures (
    pseudonym text PRIMARY KEY,
    erased_at timestamptz NOT NULL DEFAULT now(),
    erased_by text NOT NULL,
    reason text NOT NULL
  )`,
];

// Two processes starting at once would race on the catalogue (CREATE ... IF NOT EXISTS is not atomic): one lock.
const MIGRATION_LOCK = 4_711_002;

export async function migratePersonalData(pool: Pool): Promise<void> {
  await withTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    for (const sql of personalDataSchemaSql) await client.query(sql);
  });
}
