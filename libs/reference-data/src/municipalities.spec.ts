import { isMunicipalityCode } from '@puljeflow/domain';
import { RAR_AREAS, REGIONS } from './areas';
import { MUNICIPALITIES, MUNICIPALITIES_SOURCE, municipalityByCode } from './municipalities';

const codesWhere = (predicate: (m: (typeof MUNICIPALITIES)[number]) => boolean) =>
  MUNICIPALITIES.filter(predicate).map((m) => m.code);

describe('the 98 municipalities', () => {
  it('are 98, with unique 3-digit codes and unique names, in code order', () => {
    expect(MUNICIPALITIES).toHaveLength(98);
    expect(new Set(MUNICIPALITIES.map((m) => m.code)).size).toBe(98);
    expect(new Set(MUNICIPALITIES.map((m) => m.name)).size).toBe(98);
    expect(MUNICIPALITIES.every((m) => isMunicipalityCode(m.code))).toBe(true);
    expect(MUNICIPALITIES.map((m) => m.code)).toEqual(MUNICIPALITIES.map((m) => m.code).sort());
  });

  it('do not include Christiansø (411)', () => {
    expect(municipalityByCode('411')).toBeUndefined();
  });

  it('lie in the 5 regions: Hovedstaden 29, Sjælland 17, Syddanmark 22, Midtjylland 19, Nordjylland 11', () => {
    expect(new Set(MUNICIPALITIES.map((m) => m.regionCode))).toEqual(
      new Set(Object.keys(REGIONS).map(Number)),
    );
    const count = (region: number) => codesWhere((m) => m.regionCode === region).length;
    expect([1081, 1082, 1083, 1084, 1085].map(count)).toEqual([11, 19, 22, 29, 17]);
  });

  it('lie in the 8 RAR areas, Bornholm holding only Bornholm (400)', () => {
    expect(new Set(MUNICIPALITIES.map((m) => m.rarArea))).toEqual(new Set(RAR_AREAS));
    const count = (area: string) => codesWhere((m) => m.rarArea === area).length;
    expect(Object.fromEntries(RAR_AREAS.map((area) => [area, count(area)]))).toEqual({
      Nordjylland: 11,
      Østjylland: 11,
      Vestjylland: 8,
      Sydjylland: 12,
      Fyn: 10,
      Sjælland: 17,
      Hovedstaden: 28,
      Bornholm: 1,
    });
    expect(codesWhere((m) => m.rarArea === 'Bornholm')).toEqual(['400']);
  });

  it('each RAR area lies within one region', () => {
    for (const area of RAR_AREAS) {
      expect([area, new Set(MUNICIPALITIES.filter((m) => m.rarArea === area).map((m) => m.regionCode)).size]).toEqual([
        area,
        1,
      ]);
    }
  });

  it.each([
    ['101', 'København', 1084, 'Hovedstaden'],
    ['147', 'Frederiksberg', 1084, 'Hovedstaden'],
    ['400', 'Bornholm', 1084, 'Bornholm'],
    ['461', 'Odense', 1083, 'Fyn'],
    ['621', 'Kolding', 1083, 'Sydjylland'],
    ['751', 'Aarhus', 1082, 'Østjylland'],
    ['791', 'Viborg', 1082, 'Vestjylland'],
    ['851', 'Aalborg', 1081, 'Nordjylland'],
    ['265', 'Roskilde', 1085, 'Sjælland'],
  ])('%s is %s, region %s, RAR %s', (code, name, regionCode, rarArea) => {
    expect(municipalityByCode(code)).toEqual({ code, name, regionCode, rarArea });
  });

  it('name their source', () => {
    expect(MUNICIPALITIES_SOURCE).toContain('Danmarks Statistik');
    expect(MUNICIPALITIES_SOURCE).toContain('free reuse with attribution');
  });
});
