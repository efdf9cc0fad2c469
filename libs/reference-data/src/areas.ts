// The two geographies a municipality belongs to (docs/domain.md "Reference data the system keeps"): its region (1081–1085,
// Danmarks Statistik's codes) and its RAR area, the area of a regional labour-market council (regionalt
// arbejdsmarkedsråd), for which the labour-market balance is published.

export const REGIONS = {
  1081: 'Region Nordjylland',
  1082: 'Region Midtjylland',
  1083: 'Region Syddanmark',
  1084: 'Region Hovedstaden',
  1085: 'Region Sjælland',
} as const;

export type RegionCode = keyof typeof REGIONS;

/** The eight RAR areas (Lov om organisering og understøttelse af beskæftigelsesindsatsen m.v., lov nr. 1482 af
 * 23. december 2014, § 28, as it stood until the end of 2024; STAR ran the councils' secretariats). */
export const RAR_AREAS = [
  'Nordjylland',
  'Østjylland',
  'Vestjylland',
  'Sydjylland',
  'Fyn',
  'Sjælland',
  'Hovedstaden',
  'Bornholm',
] as const;

export type RarArea = (typeof RAR_AREAS)[number];

const BY_FOLDED_NAME = new Map<string, RarArea>(RAR_AREAS.map((area) => [fold(area), area]));

function fold(name: string): string {
  return name.normalize('NFC').trim().toLocaleLowerCase('da');
}

export const isRarArea = (value: string): value is RarArea => (RAR_AREAS as readonly string[]).includes(value);

/** The RAR area a name means, whatever its case and surrounding spaces; undefined if it names none. */
export const rarAreaNamed = (name: string): RarArea | undefined => BY_FOLDED_NAME.get(fold(name));
