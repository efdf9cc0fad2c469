// @puljeflow/personal-data: the CPR number exists only at the edge (docs/domain.md, Personal data). Pseudonyms and
// per-citizen encryption with crypto-shredding, CPR validation, and logging that cannot carry a CPR number.

export {
  CitizenVault,
  type CitizenVaultOptions,
  type Erasure,
  type ProtectedCitizen,
  type Queryable,
} from './citizen-vault';
export { InvalidCprError, normaliseCpr } from './cpr';
export { CiphertextError, CitizenErasedError, InvalidPseudonymError } from './errors';
export { loadVaultKeys, type VaultKeys } from './keys';
export { createLogger, redactingDestination, type LoggerOptions } from './logger';
export { CPR_REDACTED, redactCpr, redactCprInJson, scrubObject } from './redaction';
export { migratePersonalData, personalDataSchemaSql } from './schema';
