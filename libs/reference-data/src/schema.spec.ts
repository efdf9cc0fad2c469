import { Pool } from 'pg';
import { migrateReferenceData, referenceDataSchemaSql } from './schema';
import { freshDatabase } from './test/support';

describe('reference data schema', () => {
  it('can be applied again, even by several processes at once, adding to the municipalities table', async () => {
    const db = await freshDatabase('refdata_schema', { migrate: false });
    const pools = [1, 2, 3].map(() => new Pool({ connectionString: db.url, max: 1 }));
    try {
      await db.pool.query(`CREATE TABLE municipalities (code text PRIMARY KEY, name text NOT NULL)`);
      await db.pool.query(`INSERT INTO municipalities VALUES ('101', 'København')`);
      await Promise.all(pools.map((pool) => migrateReferenceData(pool)));
      for (const sql of referenceDataSchemaSql) await db.pool.query(sql);
      const columns = await db.pool.query<{ table_name: string; column_name: string }>(
        `SELECT table_name, column_name FROM information_schema.columns
          WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`,
      );
      const of = (table: string) => columns.rows.filter((c) => c.table_name === table).map((c) => c.column_name);
      expect(of('municipalities')).toEqual(['code', 'name', 'region_code', 'rar_area']);
      expect(of('balance_versions')).toEqual([
        'version',
        'half_year',
        'revision',
        'source',
        'sample',
        'checksum',
        'imported_at',
        'imported_by',
        'entry_count',
      ]);
      expect(of('balance_entries')).toEqual([
        'version',
        'half_year',
        'rar_area',
        'job_title',
        'job_title_key',
        'disco_08',
        'status',
      ]);
      expect((await db.pool.query('SELECT * FROM municipalities')).rows).toEqual([
        { code: '101', name: 'København', region_code: null, rar_area: null },
      ]);
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
      await db.close();
    }
  });

  it('refuses entries no parser would let through', async () => {
    const db = await freshDatabase('refdata_schema_checks');
    try {
      await db.pool.query(`INSERT INTO balance_versions (version, half_year, revision, source, sample, checksum,
        imported_by, entry_count) VALUES ('2019H2-v1', '2019H2', 1, 's', false, 'c', 'x', 0)`);
      const insert = (rarArea: string, disco: string | null, status: string) =>
        db.pool.query(
          `INSERT INTO balance_entries VALUES ('2019H2-v1', '2019H2', $1, 'Kok', 'kok', $2, $3)`,
          [rarArea, disco, status],
        );
      await expect(insert('Midtjylland', null, 'mangel')).rejects.toThrow(/check constraint/);
      await expect(insert('Fyn', '5120', 'mangel')).rejects.toThrow(/check constraint/);
      await expect(insert('Fyn', null, 'stor mangel')).rejects.toThrow(/check constraint/);
      await expect(insert('Fyn', '512000', 'mangel')).resolves.toBeDefined();
    } finally {
      await db.close();
    }
  });
});
