export { RAR_AREAS, REGIONS, isRarArea, rarAreaNamed, type RarArea, type RegionCode } from './areas';
export { BALANCE_STATUSES, balanceKey, jobTitleKey, type BalanceEntry, type BalanceStatus } from './balance';
export { BALANCE_COLUMNS, parseBalanceCsv, type BalanceFileError, type ParsedBalance } from './balance-csv';
export { diffBalance, type BalanceChange, type BalanceDiff } from './balance-diff';
export {
  importBalance,
  importMunicipalities,
  type BalanceImportOptions,
  type BalanceImportResult,
  type ImportedHalfYear,
  type MunicipalityImportResult,
} from './import';
export { BalanceLookup, type BalanceStatusOn } from './lookup';
export { MUNICIPALITIES, MUNICIPALITIES_SOURCE, municipalityByCode, type Municipality } from './municipalities';
export { SAMPLE_BALANCE_FILE, readSampleBalanceCsv } from './sample';
export { migrateReferenceData, referenceDataSchemaSql } from './schema';
