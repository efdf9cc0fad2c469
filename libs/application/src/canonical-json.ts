import { createHash, createHmac } from 'node:crypto';

/** JSON with object keys sorted, so the same event body always hashes the same whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export const bodyHash = (value: unknown) => createHash('sha256').update(canonicalJson(value)).digest('hex');

/** A keyed hash of a body, for bodies that may hold personal data (a CPR number has few enough values to guess). */
export const keyedBodyHash = (key: Buffer, value: unknown) => createHmac('sha256', key).update(canonicalJson(value)).digest('hex');

/** The key for submission hashes: derived from the pseudonym key, so no second secret has to be managed. */
export const submissionHashKey = (pseudonymKey: Buffer) => createHmac('sha256', pseudonymKey).update('puljeflow:submission-body-hash').digest();
