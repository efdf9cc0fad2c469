import { createHash, createHmac } from 'node:crypto';

/**
 * JSON with object keys sorted (as strings, by UTF-16 code units), so the same event body always hashes the same
 * whatever the key order; members whose value is undefined are left out. Every submission is hashed: written with
 * plain loops and string appends, without the arrays of entries a map/join would make per object.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  let out: string;
  if (Array.isArray(value)) {
    out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      // As Array.prototype.join would: an element JSON cannot write (undefined) is empty.
      out += canonicalJson(value[i]) ?? '';
    }
    return out + ']';
  }
  const record = value as Record<string, unknown>;
  // Default sort: strings by UTF-16 code units.
  const keys = Object.keys(record).sort();
  out = '{';
  for (const key of keys) {
    const member = record[key];
    if (member === undefined) continue;
    if (out.length > 1) out += ',';
    out += `${JSON.stringify(key)}:${canonicalJson(member)}`;
  }
  return out + '}';
}

export const bodyHash = (value: unknown) => createHash('sha256').update(canonicalJson(value)).digest('hex');

/** A keyed hash of a body, for bodies that may hold personal data (a CPR number has few enough values to guess). */
export const keyedBodyHash = (key: Buffer, value: unknown) => createHmac('sha256', key).update(canonicalJson(value)).digest('hex');

/** The key for submission hashes: derived from the pseudonym key, so no second secret has to be managed. */
export const submissionHashKey = (pseudonymKey: Buffer) => createHmac('sha256', pseudonymKey).update('puljeflow:submission-body-hash').digest();
