// Importing reference data into PostgreSQL: the municipalities from the module beside this, the labour-market balance
// from a CSV file. An import is one transaction, so a reader sees a balance whole or not at all.

import { createHash } from 'node:crypto';
import type { HalfYear } from '@puljeflow/domain';
import type { Pool, PoolClient } from 'pg';
import type { RarArea } from './areas';
import { balanceKey, jobTitleKey, type BalanceEntry, type BalanceStatus } from './balance';
import { parseBalanceCsv, type BalanceFileError } from './balance-csv';
import { diffBalance, type BalanceDiff } from './balance-diff';
import { MUNICIPALITIES } from './municipalities';
import { withTransaction } from '@puljeflow/event-store';

export interface MunicipalityImportResult {
  inserted: number;
  updated: number;
  unchanged: number;
}

/** Writes the 98 municipalities (code, name, region, RAR area), changing only rows that differ. */
export async function importMunicipalities(pool: Pool): Promise<MunicipalityImportResult> {
  const r = await pool.query<{ inserted: boolean }>(
    `INSERT INTO municipalities AS m (code, name, region_code, rar_area)
       SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::text[])
     ON CONFLICT (code) DO UPDATE
       SET name = EXCLUDED.name, region_code = EXCLUDED.region_code, rar_area = EXCLUDED.rar_area
       WHERE (m.name, m.region_code, m.rar_area)
             IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.region_code, EXCLUDED.rar_area)
     RETURNING (xmax = 0) AS inserted`,
    [
      MUNICIPALITIES.map((m) => m.code),
      MUNICIPALITIES.map((m) => m.name),
      MUNICIPALITIES.map((m) => m.regionCode),
      MUNICIPALITIES.map((m) => m.rarArea),
    ],
  );
  const inserted = r.rows.filter((row) => row.inserted).length;
  const updated = r.rows.length - inserted;
  return { inserted, updated, unchanged: MUNICIPALITIES.length - r.rows.length };
}

/** What an import did to one half-year of the balance. */
export interface ImportedHalfYear {
  halfYear: HalfYear;
  /** The version in force for the half-year after the import: the new one, or the identical one already there. */
  version: string;
  created: boolean;
  /** The version `diff` compares against: the half-year's latest before the import (null if it had none). */
  comparedWith: string | null;
  entryCount: number;
  diff: BalanceDiff;
}

export type BalanceImportResult =
  | { ok: true; unchanged: boolean; source: string; sample: boolean; versions: ImportedHalfYear[] }
  | { ok: false; errors: BalanceFileError[] };

export interface BalanceImportOptions {
  /** Who imported it (a staff username, or 'cli'). */
  importedBy: string;
  /** Say what the import would change and write nothing (a preview before it is applied). */
  dryRun?: boolean;
}

// Imports wait for each other: each reads the latest version of a half-year and writes the next one.
const BALANCE_IMPORT_LOCK = 4_711_102;

/**
 * Imports a balance file. A file with any bad line is refused whole and nothing is written. Otherwise one transaction
 * writes a new version for each half-year in the file whose content differs from that half-year's latest version,
 * and says what changed against it; content identical to the latest version writes nothing (`unchanged`). A dry run
 * answers the same (the versions it would create) and writes nothing.
 */
export async function importBalance(
  pool: Pool,
  csvText: string,
  options: BalanceImportOptions,
): Promise<BalanceImportResult> {
  const parsed = parseBalanceCsv(csvText);
  if (!parsed.ok) return parsed;
  const { source, sample, halfYears, entries } = parsed;
  const versions = await withTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [BALANCE_IMPORT_LOCK]);
    const imported: ImportedHalfYear[] = [];
    for (const halfYear of halfYears) {
      const next = entries.filter((e) => e.halfYear === halfYear);
      imported.push(await importHalfYear(client, { halfYear, source, sample, entries: next }, options));
    }
    return imported;
  });
  return { ok: true, unchanged: versions.every((v) => !v.created), source, sample, versions };
}

interface HalfYearContent {
  halfYear: HalfYear;
  source: string;
  sample: boolean;
  entries: BalanceEntry[];
}

async function importHalfYear(client: PoolClient, content: HalfYearContent, { importedBy, dryRun = false }: BalanceImportOptions) {
  const { halfYear, entries } = content;
  const checksum = checksumOf(content);
  const latest = await client.query<{ version: string; revision: number; checksum: string; entry_count: number }>(
    `SELECT version, revision, checksum, entry_count FROM balance_versions
      WHERE half_year = $1 ORDER BY revision DESC LIMIT 1`,
    [halfYear],
  );
  const previous = latest.rows[0];
  if (previous?.checksum === checksum) {
    const diff: BalanceDiff = { added: [], removed: [], changed: [], unchanged: previous.entry_count };
    const { version } = previous;
    return { halfYear, version, created: false, comparedWith: version, entryCount: previous.entry_count, diff };
  }

  const previousEntries = previous ? await entriesOf(client, previous.version) : [];
  const revision = (previous?.revision ?? 0) + 1;
  const version = `${halfYear}-v${revision}`;
  const diff = diffBalance(previousEntries, entries);
  const comparedWith = previous?.version ?? null;
  if (dryRun) return { halfYear, version, created: true, comparedWith, entryCount: entries.length, diff };
  await client.query(
    `INSERT INTO balance_versions (version, half_year, revision, source, sample, checksum, imported_by, entry_count)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [version, halfYear, revision, content.source, content.sample, checksum, importedBy, entries.length],
  );
  await client.query(
    `INSERT INTO balance_entries (version, half_year, rar_area, job_title, job_title_key, disco_08, status)
       SELECT $1::text, $2::text, * FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[])`,
    [
      version,
      halfYear,
      entries.map((e) => e.rarArea),
      entries.map((e) => e.jobTitle),
      entries.map((e) => jobTitleKey(e.jobTitle)),
      entries.map((e) => e.disco08),
      entries.map((e) => e.status),
    ],
  );
  return { halfYear, version, created: true, comparedWith, entryCount: entries.length, diff };
}

async function entriesOf(client: PoolClient, version: string): Promise<BalanceEntry[]> {
  const r = await client.query<{
    half_year: HalfYear;
    rar_area: RarArea;
    job_title: string;
    disco_08: string | null;
    status: BalanceStatus;
  }>('SELECT half_year, rar_area, job_title, disco_08, status FROM balance_entries WHERE version = $1', [version]);
  return r.rows.map((row) => ({
    halfYear: row.half_year,
    rarArea: row.rar_area,
    jobTitle: row.job_title,
    disco08: row.disco_08,
    status: row.status,
  }));
}

/** The identity of a half-year's content: its provenance and entries in key order, whatever the file's layout. */
function checksumOf({ halfYear, source, sample, entries }: HalfYearContent): string {
  const rows = entries
    .map((e) => ({ key: balanceKey(e), row: [e.rarArea, e.jobTitle, e.disco08, e.status] }))
    .sort((a, b) => (a.key < b.key ? -1 : 1))
    .map(({ row }) => row);
  return createHash('sha256').update(JSON.stringify({ halfYear, source, sample, rows })).digest('hex');
}
