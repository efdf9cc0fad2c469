// The payment reference of one municipality in one payout run (docs/domain.md §8: "the payment system is called once per
// municipality and run with an idempotent payment reference"; docs/style.md: "a reference derived from pool, municipality
// and run, unique in the database and at the payment port").

import { isValidIsoDate, type IsoDate } from '../calendar';
import { isMunicipalityCode, type MunicipalityCode } from '../municipality';

/** pain.001's EndToEndId is Max35Text. */
export const PAYMENT_REFERENCE_MAX_LENGTH = 35;

const PREFIX = 'PF';
/** "PF-" + "-<code>-<yyyymmdd>" takes 16 characters, which leaves 19 for the pool. */
const POOL_PART_LENGTH = PAYMENT_REFERENCE_MAX_LENGTH - 16;
const HASH_LENGTH = 7;

/** FNV-1a, 32 bits: a small deterministic hash, the same in every runtime (no Node crypto in the domain). */
const fnv1a32 = (text: string): number => {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
};

/** The pool id as it is when it fits; a longer one keeps its start and gets a hash of the whole id, so two long ids
 * with the same start still differ. 36^7 > 2^32, so the hash always has room. (A short id spelt exactly like a
 * shortened one would share its references; pool ids are few and chosen by staff, so this is left at that.) */
const poolPart = (poolId: string): string => {
  if (poolId.length <= POOL_PART_LENGTH) return poolId;
  const hash = fnv1a32(poolId).toString(36).padStart(HASH_LENGTH, '0');
  return `${poolId.slice(0, POOL_PART_LENGTH - HASH_LENGTH - 1)}-${hash}`;
};

/** `PF-<poolId>-<municipalityCode>-<yyyymmdd>`, e.g. `PF-mangelpulje-2019-101-20200131` (32 characters): readable,
 * deterministic, at most 35 characters (a pool id over 19 characters is shortened with a hash), and only characters
 * pain.001 and SEPA accept (pool ids are lower-case letters, digits and "-"). Throws RangeError on a malformed
 * municipality code or date (a programming error: deciders check them first). */
export const paymentReference = (poolId: string, municipalityCode: MunicipalityCode, runDate: IsoDate): string => {
  if (!isMunicipalityCode(municipalityCode)) throw new RangeError(`not a municipality code: ${municipalityCode}`);
  if (!isValidIsoDate(runDate)) throw new RangeError(`not a valid date 'YYYY-MM-DD': ${runDate}`);
  if (!/^[a-z0-9-]+$/.test(poolId)) throw new RangeError(`not a pool id: ${poolId}`);
  return `${PREFIX}-${poolPart(poolId)}-${municipalityCode}-${runDate.replaceAll('-', '')}`;
};
