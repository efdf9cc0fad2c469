import { readFileSync } from 'node:fs';
import { RAR_AREAS } from './areas';
import { BALANCE_STATUSES, type BalanceEntry } from './balance';
import { parseBalanceCsv } from './balance-csv';
import { importBalance } from './import';
import { BalanceLookup } from './lookup';
import { readSampleBalanceCsv, SAMPLE_BALANCE_FILE } from './sample';
import { freshDatabase } from './test/support';

const HALF_YEARS = ['2019H1', '2019H2', '2020H1', '2020H2', '2021H1', '2021H2', '2026H1', '2026H2'];

function parsedSample() {
  const parsed = parseBalanceCsv(readSampleBalanceCsv());
  if (!parsed.ok) throw new Error(`the sample does not parse: ${JSON.stringify(parsed.errors.slice(0, 5))}`);
  return parsed;
}

describe('the shipped sample of the labour-market balance', () => {
  const parsed = parsedSample();

  it('says plainly that it is a sample, and where the official balance is', () => {
    expect(parsed.sample).toBe(true);
    expect(parsed.source).toMatch(/SAMPLE/);
    expect(parsed.source).toMatch(/STAR/);
    expect(parsed.source).toMatch(/www\.arbejdsmarkedsbalancen\.dk/);
    expect(readFileSync(SAMPLE_BALANCE_FILE, 'utf8').split('\n')[0]).toMatch(/SAMPLE/);
  });

  it('covers the pools’ half-years and the present, every RAR area with about twenty titles', () => {
    expect(parsed.halfYears).toEqual(HALF_YEARS);
    for (const halfYear of HALF_YEARS) {
      for (const area of RAR_AREAS) {
        const titles = parsed.entries.filter((e) => e.halfYear === halfYear && e.rarArea === area);
        expect([halfYear, area, titles.length >= 18 && titles.length <= 25]).toEqual([halfYear, area, true]);
      }
    }
  });

  it('varies its statuses by area and half-year, using all four', () => {
    expect(new Set(parsed.entries.map((e) => e.status))).toEqual(new Set(BALANCE_STATUSES));
    const statusesOf = (filter: (e: BalanceEntry) => boolean) =>
      new Set(parsed.entries.filter(filter).map((e) => e.status)).size;
    expect(statusesOf((e) => e.halfYear === '2019H2' && e.jobTitle === 'Tømrer')).toBeGreaterThan(1);
    expect(statusesOf((e) => e.rarArea === 'Hovedstaden' && e.jobTitle === 'Buschauffør')).toBeGreaterThan(1);
  });

  it('imports, and answers for the demo pool in the present', async () => {
    const db = await freshDatabase('refdata_sample');
    try {
      const result = await importBalance(db.pool, readSampleBalanceCsv(), { importedBy: 'demo-seed' });
      expect(result).toMatchObject({ ok: true, sample: true, unchanged: false });
      expect(result.ok && result.versions.map((v) => v.version)).toEqual(HALF_YEARS.map((h) => `${h}-v1`));
      const lookup = new BalanceLookup(db.pool);
      expect(await lookup.statusOn('2026-08-15', 'Nordjylland', 'Social- og sundhedsassistent')).toEqual({
        version: '2026H2-v1',
        halfYear: '2026H2',
        status: 'omfattende mangel',
      });
    } finally {
      await db.close();
    }
  });
});
