import { importBalance, importMunicipalities } from './import';
import { migrateReferenceData } from './schema';
import { balanceFile } from './test/files';
import { freshDatabase, type TestDatabase } from './test/support';

const counts = async (db: TestDatabase) => {
  const r = await db.pool.query<{ versions: number; entries: number }>(
    `SELECT (SELECT count(*)::int FROM balance_versions) AS versions,
            (SELECT count(*)::int FROM balance_entries) AS entries`,
  );
  return r.rows[0];
};

const FIRST = balanceFile([
  '2019H2,Hovedstaden,Social- og sundhedsassistent,532100,omfattende mangel',
  '2019H2,Hovedstaden,Tømrer,711500,mangel',
  '2019H2,Hovedstaden,Kok,512000,mangel',
  '2020H1,Hovedstaden,Tømrer,711500,ingen mangel',
]);

describe('importBalance', () => {
  let db: TestDatabase;
  beforeEach(async () => (db = await freshDatabase('refdata_import')));
  afterEach(() => db.close());

  it('refuses a file with any bad line whole, with every fault by line, and writes nothing', async () => {
    const result = await importBalance(
      db.pool,
      balanceFile([
        '2019H2,Hovedstaden,Tømrer,711500,mangel',
        '2019H5,Hovedstaden,Murer,711200,mangel',
        '2019H2,Vesterhavet,Murer,711200,mangel',
        '2019H2,Hovedstaden,Smed,,lidt mangel',
        '2019H2,Hovedstaden,Elektriker,74110,mangel',
        '2019H2,Hovedstaden,tømrer,711500,mangel',
        '2019H2,Hovedstaden,Kok',
      ]),
      { importedBy: 'caseworker-1' },
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.line)).toEqual([4, 5, 6, 7, 8, 9]);
    expect(result.errors[4]!.message).toBe("duplicate of line 3: 2019H2, Hovedstaden, 'tømrer'");
    expect(await counts(db)).toEqual({ versions: 0, entries: 0 });
  });

  it('writes a version per half-year, then says what the next file changed against each previous version', async () => {
    const first = await importBalance(db.pool, FIRST, { importedBy: 'caseworker-1' });
    expect(first).toMatchObject({
      ok: true,
      unchanged: false,
      source: 'STAR, Arbejdsmarkedsbalancen (test)',
      sample: false,
      versions: [
        { halfYear: '2019H2', version: '2019H2-v1', created: true, comparedWith: null, entryCount: 3 },
        { halfYear: '2020H1', version: '2020H1-v1', created: true, comparedWith: null, entryCount: 1 },
      ],
    });
    if (!first.ok) return;
    expect(first.versions[0]!.diff.added.map((e) => e.jobTitle)).toEqual([
      'Kok',
      'Social- og sundhedsassistent',
      'Tømrer',
    ]);

    const second = await importBalance(
      db.pool,
      balanceFile([
        '2019H2,Hovedstaden,Social- og sundhedsassistent,532100,omfattende mangel',
        '2019H2,Hovedstaden,Tømrer,711500,omfattende mangel',
        '2019H2,Hovedstaden,Buschauffør,833100,paradoksproblem',
        '2020H1,Hovedstaden,Tømrer,711500,ingen mangel',
      ]),
      { importedBy: 'caseworker-2' },
    );
    expect(second).toEqual({
      ok: true,
      unchanged: false,
      source: 'STAR, Arbejdsmarkedsbalancen (test)',
      sample: false,
      versions: [
        {
          halfYear: '2019H2',
          version: '2019H2-v2',
          created: true,
          comparedWith: '2019H2-v1',
          entryCount: 3,
          diff: {
            added: [
              {
                halfYear: '2019H2',
                rarArea: 'Hovedstaden',
                jobTitle: 'Buschauffør',
                disco08: '833100',
                status: 'paradoksproblem',
              },
            ],
            removed: [
              { halfYear: '2019H2', rarArea: 'Hovedstaden', jobTitle: 'Kok', disco08: '512000', status: 'mangel' },
            ],
            changed: [
              {
                key: '2019H2/Hovedstaden/tømrer',
                from: expect.objectContaining({ status: 'mangel' }),
                to: expect.objectContaining({ status: 'omfattende mangel' }),
              },
            ],
            unchanged: 1,
          },
        },
        {
          halfYear: '2020H1',
          version: '2020H1-v1',
          created: false,
          comparedWith: '2020H1-v1',
          entryCount: 1,
          diff: { added: [], removed: [], changed: [], unchanged: 1 },
        },
      ],
    });

    const versions = await db.pool.query(
      `SELECT version, half_year, revision, source, sample, imported_by, entry_count
         FROM balance_versions ORDER BY version`,
    );
    expect(versions.rows).toEqual([
      expect.objectContaining({ version: '2019H2-v1', revision: 1, imported_by: 'caseworker-1', entry_count: 3 }),
      expect.objectContaining({ version: '2019H2-v2', revision: 2, imported_by: 'caseworker-2', entry_count: 3 }),
      expect.objectContaining({ version: '2020H1-v1', half_year: '2020H1', sample: false, entry_count: 1 }),
    ]);
    // The earlier version stays as it was, so a decision made under it can be read again.
    expect(await counts(db)).toEqual({ versions: 3, entries: 7 });
  });

  it('importing the same content again creates nothing and says so, even laid out differently', async () => {
    await importBalance(db.pool, FIRST, { importedBy: 'caseworker-1' });
    const again = await importBalance(db.pool, FIRST, { importedBy: 'caseworker-2' });
    expect(again).toMatchObject({
      ok: true,
      unchanged: true,
      versions: [
        { version: '2019H2-v1', created: false, diff: { added: [], removed: [], changed: [], unchanged: 3 } },
        { version: '2020H1-v1', created: false, diff: { added: [], removed: [], changed: [], unchanged: 1 } },
      ],
    });
    const relaidOut = [
      '# a comment the first file lacked',
      '# source: STAR, Arbejdsmarkedsbalancen (test)',
      'half_year,rar_area,job_title,disco_08,status',
      '2020H1,hovedstaden,Tømrer,711500,Ingen mangel',
      '"2019H2",Hovedstaden,Kok,512000, mangel',
      '',
      '2019H2,Hovedstaden,Tømrer,"711500",mangel',
      '2019H2,Hovedstaden,Social- og sundhedsassistent ,532100,omfattende mangel',
    ].join('\r\n');
    expect(await importBalance(db.pool, relaidOut, { importedBy: 'caseworker-2' })).toMatchObject({ unchanged: true });
    expect(await counts(db)).toEqual({ versions: 2, entries: 4 });
  });

  it('a dry run says what the import would change, and writes nothing', async () => {
    await importBalance(db.pool, FIRST, { importedBy: 'caseworker-1' });
    const next = balanceFile(['2019H2,Hovedstaden,Tømrer,711500,omfattende mangel', '2019H2,Hovedstaden,Kok,512000,mangel']);
    const preview = await importBalance(db.pool, next, { importedBy: 'caseworker-2', dryRun: true });
    expect(preview).toMatchObject({
      ok: true,
      unchanged: false,
      versions: [{ version: '2019H2-v2', created: true, comparedWith: '2019H2-v1', entryCount: 2 }],
    });
    if (!preview.ok) return;
    expect(preview.versions[0]!.diff.removed.map((e) => e.jobTitle)).toEqual(['Social- og sundhedsassistent']);
    expect(preview.versions[0]!.diff.changed.map((c) => [c.from.status, c.to.status])).toEqual([['mangel', 'omfattende mangel']]);
    expect(await counts(db)).toEqual({ versions: 2, entries: 4 });
    // Applied, it does what the preview said.
    expect(await importBalance(db.pool, next, { importedBy: 'caseworker-2' })).toEqual(preview);
  });

  it('content that comes back after a change is a new version, compared with the one before it', async () => {
    const a = balanceFile(['2019H2,Fyn,Kok,512000,mangel']);
    const b = balanceFile(['2019H2,Fyn,Kok,512000,ingen mangel']);
    await importBalance(db.pool, a, { importedBy: 'x' });
    await importBalance(db.pool, b, { importedBy: 'x' });
    const back = await importBalance(db.pool, a, { importedBy: 'x' });
    expect(back).toMatchObject({
      unchanged: false,
      versions: [{ version: '2019H2-v3', created: true, comparedWith: '2019H2-v2' }],
    });
  });

  it('a new source alone makes a new version, its entries unchanged', async () => {
    await importBalance(db.pool, balanceFile(['2019H2,Fyn,Kok,512000,mangel'], 'draft'), { importedBy: 'x' });
    const official = await importBalance(db.pool, balanceFile(['2019H2,Fyn,Kok,512000,mangel'], 'STAR'), {
      importedBy: 'x',
    });
    expect(official).toMatchObject({
      versions: [{ version: '2019H2-v2', created: true, diff: { added: [], removed: [], changed: [], unchanged: 1 } }],
    });
  });

  it('writes a file in one transaction: a failure on its second half-year leaves nothing of the first', async () => {
    await db.pool.query(`CREATE FUNCTION refuse_2020() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'refused for the test'; END $$`);
    await db.pool.query(`CREATE TRIGGER refuse_2020 BEFORE INSERT ON balance_versions
      FOR EACH ROW WHEN (NEW.half_year = '2020H1') EXECUTE FUNCTION refuse_2020()`);
    await expect(importBalance(db.pool, FIRST, { importedBy: 'x' })).rejects.toThrow('refused for the test');
    expect(await counts(db)).toEqual({ versions: 0, entries: 0 });
  });

  it('concurrent imports wait for each other: versions follow without gaps, each compared with the last', async () => {
    const files = ['mangel', 'ingen mangel', 'omfattende mangel', 'mangel', 'paradoksproblem'].map((status) =>
      balanceFile([`2019H2,Sjælland,Murer,711200,${status}`, '2019H2,Sjælland,Kok,512000,mangel']),
    );
    const results = await Promise.all(files.map((file) => importBalance(db.pool, file, { importedBy: 'x' })));
    const created = results.flatMap((r) => (r.ok ? r.versions.filter((v) => v.created) : []));
    const stored = await db.pool.query<{ version: string; entry_count: number; n: number }>(
      `SELECT v.version, v.entry_count, count(e.*)::int AS n FROM balance_versions v
         LEFT JOIN balance_entries e USING (version) GROUP BY v.version, v.entry_count ORDER BY v.revision`,
    );
    expect(stored.rows.map((r) => r.version)).toEqual(created.map((v) => v.version).sort());
    expect(stored.rows.map((r) => r.version)).toEqual(stored.rows.map((_, i) => `2019H2-v${i + 1}`));
    expect(stored.rows.every((r) => r.n === r.entry_count && r.n === 2)).toBe(true);
    for (const v of created) {
      const revision = Number(v.version.split('-v')[1]);
      expect(v.comparedWith).toBe(revision === 1 ? null : `2019H2-v${revision - 1}`);
    }
  });
});

describe('importMunicipalities', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await freshDatabase('refdata_municipalities', { migrate: false });
    // As the read models' first migration makes it, with a row written before the reference data was imported.
    await db.pool.query(
      `CREATE TABLE municipalities (code text PRIMARY KEY CHECK (code ~ '^[0-9]{3}$'), name text NOT NULL)`,
    );
    await db.pool.query(`INSERT INTO municipalities (code, name) VALUES ('101', 'Kommune 101')`);
    await migrateReferenceData(db.pool);
  });
  afterAll(() => db.close());

  it('writes the 98 with region and RAR area, and a second run changes nothing', async () => {
    expect(await importMunicipalities(db.pool)).toEqual({ inserted: 97, updated: 1, unchanged: 0 });
    expect(await importMunicipalities(db.pool)).toEqual({ inserted: 0, updated: 0, unchanged: 98 });
    const r = await db.pool.query<{ municipalities: number; regions: number; rar_areas: number; hovedstaden: number }>(
      `SELECT count(*)::int AS municipalities, count(DISTINCT region_code)::int AS regions,
              count(DISTINCT rar_area)::int AS rar_areas, count(*) FILTER (WHERE region_code = 1084)::int AS hovedstaden
         FROM municipalities`,
    );
    expect(r.rows[0]).toEqual({ municipalities: 98, regions: 5, rar_areas: 8, hovedstaden: 29 });
    const some = await db.pool.query(
      `SELECT code, name, region_code, rar_area FROM municipalities WHERE code IN ('101', '400', '411') ORDER BY code`,
    );
    expect(some.rows).toEqual([
      { code: '101', name: 'København', region_code: 1084, rar_area: 'Hovedstaden' },
      { code: '400', name: 'Bornholm', region_code: 1084, rar_area: 'Bornholm' },
    ]);
  });
});
