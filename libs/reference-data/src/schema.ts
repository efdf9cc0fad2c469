import type { Pool } from 'pg';
import { RAR_AREAS } from './areas';
import { BALANCE_STATUSES } from './balance';
import { withTransaction } from '@puljeflow/event-store';

const sqlList = (values: readonly string[]) => values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ');

/**
 * The reference data's tables, each statement safe to run again. `municipalities` itself belongs to the read models'
 * first migration (code, name); this adds the region and RAR area, nullable because rows may predate the import.
 *
 * A balance version is named `<half-year>-v<revision>`, e.g. '2019H2-v1', '2019H2-v2': one per import that changed
 * that half-year. Readable in a decision's reasons, ordered within its half-year, and unique even when an import
 * brings back content an earlier version had (A, B, A gives three versions). Identical content is recognised by
 * `checksum`, not by the name. Versions and their entries are only ever added.
 */
export const referenceDataSchemaSql: string[] = [
  `ALTER TABLE municipalities
    ADD COLUMN IF NOT EXISTS region_code int,
    ADD COLUMN IF NOT EXISTS rar_area text`,
  `CREATE TABLE IF NOT EXISTS balance_versions (
    version text PRIMARY KEY,
    half_year text NOT NULL CHECK (half_year ~ '^[0-9]{4}H[12]$'),
    revision int NOT NULL CHECK (revision > 0),
    source text NOT NULL,
    sample boolean NOT NULL,
    checksum text NOT NULL,
    imported_at timestamptz NOT NULL DEFAULT now(),
    imported_by text NOT NULL,
    entry_count int NOT NULL,
    UNIQUE (half_year, revision)
  )`,
  `CREATE TABLE IF NOT EXISTS balance_entries (
    version text NOT NULL REFERENCES balance_versions (version),
    half_year text NOT NULL,
    rar_area text NOT NULL CHECK (rar_area IN (${sqlList(RAR_AREAS)})),
    job_title text NOT NULL,
    job_title_key text NOT NULL,
    disco_08 text CHECK (disco_08 ~ '^[0-9]{6}$'),
    status text NOT NULL CHECK (status IN (${sqlList(BALANCE_STATUSES)})),
    PRIMARY KEY (version, rar_area, job_title_key)
  )`,
];

// Two processes starting at once would race on the catalogue (CREATE ... IF NOT EXISTS is not atomic): one lock.
const MIGRATION_LOCK = 4_711_101;

/** Applies `referenceDataSchemaSql`; the `municipalities` table must exist already. */
export async function migrateReferenceData(pool: Pool): Promise<void> {
  await withTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    for (const sql of referenceDataSchemaSql) await client.query(sql);
  });
}
