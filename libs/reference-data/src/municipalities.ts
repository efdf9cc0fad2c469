// The 98 municipalities (kommuner) of Denmark, with their region and RAR area.
//
// Source of codes, names and regions: Danmarks Statistik, classification of municipalities (KOMMUNER), free reuse with
// attribution. Christiansø (411) has a code in that classification but is not a municipality, so it is not here.
// Source of the RAR areas: the regional labour-market councils whose secretariats STAR (Styrelsen for Arbejdsmarked og
// Rekruttering) ran, as § 28 of lov nr. 1482 af 23. december 2014 drew them until the end of 2024.
// The data is kept as a module rather than a file so that every part of the system, the browser included, can read it.

import type { RarArea, RegionCode } from './areas';

export interface Municipality {
  /** The 3-digit kommunekode, as a string ("101"). */
  code: string;
  name: string;
  regionCode: RegionCode;
  rarArea: RarArea;
}

export const MUNICIPALITIES_SOURCE =
  'Danmarks Statistik, classification of municipalities (KOMMUNER), free reuse with attribution; ' +
  "RAR areas: STAR's regional labour-market councils (lov nr. 1482 af 23. december 2014, § 28)";

type Row = readonly [code: string, name: string, regionCode: RegionCode, rarArea: RarArea];

const ROWS: readonly Row[] = [
  // Region Hovedstaden
  ['101', 'København', 1084, 'Hovedstaden'],
  ['147', 'Frederiksberg', 1084, 'Hovedstaden'],
  ['151', 'Ballerup', 1084, 'Hovedstaden'],
  ['153', 'Brøndby', 1084, 'Hovedstaden'],
  ['155', 'Dragør', 1084, 'Hovedstaden'],
  ['157', 'Gentofte', 1084, 'Hovedstaden'],
  ['159', 'Gladsaxe', 1084, 'Hovedstaden'],
  ['161', 'Glostrup', 1084, 'Hovedstaden'],
  ['163', 'Herlev', 1084, 'Hovedstaden'],
  ['165', 'Albertslund', 1084, 'Hovedstaden'],
  ['167', 'Hvidovre', 1084, 'Hovedstaden'],
  ['169', 'Høje-Taastrup', 1084, 'Hovedstaden'],
  ['173', 'Lyngby-Taarbæk', 1084, 'Hovedstaden'],
  ['175', 'Rødovre', 1084, 'Hovedstaden'],
  ['183', 'Ishøj', 1084, 'Hovedstaden'],
  ['185', 'Tårnby', 1084, 'Hovedstaden'],
  ['187', 'Vallensbæk', 1084, 'Hovedstaden'],
  ['190', 'Furesø', 1084, 'Hovedstaden'],
  ['201', 'Allerød', 1084, 'Hovedstaden'],
  ['210', 'Fredensborg', 1084, 'Hovedstaden'],
  ['217', 'Helsingør', 1084, 'Hovedstaden'],
  ['219', 'Hillerød', 1084, 'Hovedstaden'],
  ['223', 'Hørsholm', 1084, 'Hovedstaden'],
  ['230', 'Rudersdal', 1084, 'Hovedstaden'],
  ['240', 'Egedal', 1084, 'Hovedstaden'],
  ['250', 'Frederikssund', 1084, 'Hovedstaden'],
  ['260', 'Gribskov', 1084, 'Hovedstaden'],
  ['270', 'Halsnæs', 1084, 'Hovedstaden'],
  ['400', 'Bornholm', 1084, 'Bornholm'],
  // Region Sjælland
  ['253', 'Greve', 1085, 'Sjælland'],
  ['259', 'Køge', 1085, 'Sjælland'],
  ['265', 'Roskilde', 1085, 'Sjælland'],
  ['269', 'Solrød', 1085, 'Sjælland'],
  ['306', 'Odsherred', 1085, 'Sjælland'],
  ['316', 'Holbæk', 1085, 'Sjælland'],
  ['320', 'Faxe', 1085, 'Sjælland'],
  ['326', 'Kalundborg', 1085, 'Sjælland'],
  ['329', 'Ringsted', 1085, 'Sjælland'],
  ['330', 'Slagelse', 1085, 'Sjælland'],
  ['336', 'Stevns', 1085, 'Sjælland'],
  ['340', 'Sorø', 1085, 'Sjælland'],
  ['350', 'Lejre', 1085, 'Sjælland'],
  ['360', 'Lolland', 1085, 'Sjælland'],
  ['370', 'Næstved', 1085, 'Sjælland'],
  ['376', 'Guldborgsund', 1085, 'Sjælland'],
  ['390', 'Vordingborg', 1085, 'Sjælland'],
  // Region Syddanmark
  ['410', 'Middelfart', 1083, 'Fyn'],
  ['420', 'Assens', 1083, 'Fyn'],
  ['430', 'Faaborg-Midtfyn', 1083, 'Fyn'],
  ['440', 'Kerteminde', 1083, 'Fyn'],
  ['450', 'Nyborg', 1083, 'Fyn'],
  ['461', 'Odense', 1083, 'Fyn'],
  ['479', 'Svendborg', 1083, 'Fyn'],
  ['480', 'Nordfyns', 1083, 'Fyn'],
  ['482', 'Langeland', 1083, 'Fyn'],
  ['492', 'Ærø', 1083, 'Fyn'],
  ['510', 'Haderslev', 1083, 'Sydjylland'],
  ['530', 'Billund', 1083, 'Sydjylland'],
  ['540', 'Sønderborg', 1083, 'Sydjylland'],
  ['550', 'Tønder', 1083, 'Sydjylland'],
  ['561', 'Esbjerg', 1083, 'Sydjylland'],
  ['563', 'Fanø', 1083, 'Sydjylland'],
  ['573', 'Varde', 1083, 'Sydjylland'],
  ['575', 'Vejen', 1083, 'Sydjylland'],
  ['580', 'Aabenraa', 1083, 'Sydjylland'],
  ['607', 'Fredericia', 1083, 'Sydjylland'],
  ['621', 'Kolding', 1083, 'Sydjylland'],
  ['630', 'Vejle', 1083, 'Sydjylland'],
  // Region Midtjylland
  ['615', 'Horsens', 1082, 'Østjylland'],
  ['657', 'Herning', 1082, 'Vestjylland'],
  ['661', 'Holstebro', 1082, 'Vestjylland'],
  ['665', 'Lemvig', 1082, 'Vestjylland'],
  ['671', 'Struer', 1082, 'Vestjylland'],
  ['706', 'Syddjurs', 1082, 'Østjylland'],
  ['707', 'Norddjurs', 1082, 'Østjylland'],
  ['710', 'Favrskov', 1082, 'Østjylland'],
  ['727', 'Odder', 1082, 'Østjylland'],
  ['730', 'Randers', 1082, 'Østjylland'],
  ['740', 'Silkeborg', 1082, 'Østjylland'],
  ['741', 'Samsø', 1082, 'Østjylland'],
  ['746', 'Skanderborg', 1082, 'Østjylland'],
  ['751', 'Aarhus', 1082, 'Østjylland'],
  ['756', 'Ikast-Brande', 1082, 'Vestjylland'],
  ['760', 'Ringkøbing-Skjern', 1082, 'Vestjylland'],
  ['766', 'Hedensted', 1082, 'Østjylland'],
  ['779', 'Skive', 1082, 'Vestjylland'],
  ['791', 'Viborg', 1082, 'Vestjylland'],
  // Region Nordjylland
  ['773', 'Morsø', 1081, 'Nordjylland'],
  ['787', 'Thisted', 1081, 'Nordjylland'],
  ['810', 'Brønderslev', 1081, 'Nordjylland'],
  ['813', 'Frederikshavn', 1081, 'Nordjylland'],
  ['820', 'Vesthimmerlands', 1081, 'Nordjylland'],
  ['825', 'Læsø', 1081, 'Nordjylland'],
  ['840', 'Rebild', 1081, 'Nordjylland'],
  ['846', 'Mariagerfjord', 1081, 'Nordjylland'],
  ['849', 'Jammerbugt', 1081, 'Nordjylland'],
  ['851', 'Aalborg', 1081, 'Nordjylland'],
  ['860', 'Hjørring', 1081, 'Nordjylland'],
];

/** All 98, in code order. */
export const MUNICIPALITIES: readonly Municipality[] = ROWS.map(([code, name, regionCode, rarArea]) => ({
  code,
  name,
  regionCode,
  rarArea,
})).sort((a, b) => a.code.localeCompare(b.code));

const BY_CODE = new Map(MUNICIPALITIES.map((m) => [m.code, m]));

export const municipalityByCode = (code: string): Municipality | undefined => BY_CODE.get(code);
