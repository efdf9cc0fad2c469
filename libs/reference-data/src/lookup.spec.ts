import { importBalance } from './import';
import { BalanceLookup } from './lookup';
import { balanceFile } from './test/files';
import { freshDatabase, type TestDatabase } from './test/support';

describe('BalanceLookup.statusOn', () => {
  let db: TestDatabase;
  let lookup: BalanceLookup;
  beforeAll(async () => {
    db = await freshDatabase('refdata_lookup');
    lookup = new BalanceLookup(db.pool);
    const imports = [
      balanceFile([
        '2019H1,Hovedstaden,Tømrer,711500,mangel',
        '2019H1,Hovedstaden,Social- og sundhedsassistent,532100,omfattende mangel',
        '2019H2,Hovedstaden,Tømrer,711500,ingen mangel',
        '2019H2,Hovedstaden,Social- og sundhedsassistent,532100,omfattende mangel',
        '2019H2,Hovedstaden,Rengøringsassistent,911200,paradoksproblem',
        '2021H1,Hovedstaden,Tømrer,711500,omfattende mangel',
      ]),
      // A corrected 2019H2: its latest version is the one in force.
      balanceFile([
        '2019H2,Hovedstaden,Tømrer,711500,mangel',
        '2019H2,Hovedstaden,Social- og sundhedsassistent,532100,omfattende mangel',
        '2019H2,Hovedstaden,Rengøringsassistent,911200,paradoksproblem',
        '2019H2,Hovedstaden,Kok,512000,ingen mangel',
      ]),
    ];
    for (const file of imports) {
      expect(await importBalance(db.pool, file, { importedBy: 'test' })).toMatchObject({ ok: true });
    }
  });
  afterAll(() => db.close());

  it.each([
    ['2019-01-01', '2019H1-v1', 'mangel'],
    ['2019-06-30', '2019H1-v1', 'mangel'],
    ['2019-07-01', '2019H2-v2', 'mangel'],
    ['2019-12-31', '2019H2-v2', 'mangel'],
    ['2020-06-30', '2019H2-v2', 'mangel'],
    ['2020-12-31', '2019H2-v2', 'mangel'],
    ['2021-01-01', '2021H1-v1', 'omfattende mangel'],
    ['2026-03-01', '2021H1-v1', 'omfattende mangel'],
  ])('on %s the balance in force is %s (Tømrer: %s)', async (date, version, status) => {
    expect(await lookup.statusOn(date, 'Hovedstaden', 'Tømrer')).toEqual({
      version,
      halfYear: version.slice(0, 6),
      status,
    });
  });

  it('is null before the first balance', async () => {
    expect(await lookup.statusOn('2018-12-31', 'Hovedstaden', 'Tømrer')).toBeNull();
  });

  it('matches titles and RAR areas whatever their case and surrounding spaces', async () => {
    expect(await lookup.statusOn('2019-09-01', ' hovedstaden', '  social- og SUNDHEDSASSISTENT ')).toEqual({
      version: '2019H2-v2',
      halfYear: '2019H2',
      status: 'omfattende mangel',
    });
  });

  it('answers paradoksproblem as a shortage status', async () => {
    expect(await lookup.statusOn('2019-09-01', 'Hovedstaden', 'Rengøringsassistent')).toMatchObject({
      status: 'paradoksproblem',
    });
  });

  it("gives no status, but the version, for 'ingen mangel', a title not listed, one listed elsewhere", async () => {
    const none = { version: '2019H2-v2', halfYear: '2019H2', status: null };
    expect(await lookup.statusOn('2019-09-01', 'Hovedstaden', 'Kok')).toEqual(none);
    expect(await lookup.statusOn('2019-09-01', 'Hovedstaden', 'Astronaut')).toEqual(none);
    expect(await lookup.statusOn('2019-09-01', 'Bornholm', 'Tømrer')).toEqual(none);
  });

  it('refuses what is not a RAR area or not a date', async () => {
    await expect(lookup.statusOn('2019-09-01', 'Midtjylland', 'Tømrer')).rejects.toThrow(
      'not a RAR area: Midtjylland',
    );
    await expect(lookup.statusOn('2019-09-31', 'Fyn', 'Tømrer')).rejects.toThrow(RangeError);
  });

  it('is null when no balance has been imported at all', async () => {
    const empty = await freshDatabase('refdata_lookup_empty');
    try {
      expect(await new BalanceLookup(empty.pool).statusOn('2019-09-01', 'Fyn', 'Tømrer')).toBeNull();
    } finally {
      await empty.close();
    }
  });
});
