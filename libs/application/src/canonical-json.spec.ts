import { createHmac, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { canonicalJson, keyedBodyHash } from './canonical-json';

/**
 * The format as first defined (the hashes stored with recorded outcomes were made with it), kept here as the
 * reference: members sorted by key as strings (UTF-16 code units), those whose value is undefined left out.
 */
const reference = (value: unknown): string => {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${reference(v)}`).join(',')}}`;
};

/** Submission hashes are stored with their outcomes: the same body must hash the same across versions of this code. */
describe('canonicalJson and keyedBodyHash', () => {
  it('writes any JSON value as the format was first defined: keys sorted as strings, integer-like ones too', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(value)).toBe(reference(value));
      }),
      { numRuns: 2000 },
    );
    // Integer-like keys: a JS object lists them first in numeric order; sorted as strings, "10" comes before "9" and "".
    expect(canonicalJson({ b: 1, 10: 'x', 9: 'y', '': 0, a: [{ z: 1, y: null }] })).toBe('{"":0,"10":"x","9":"y","a":[{"y":null,"z":1}],"b":1}');
  });

  it('does not depend on the order of the keys, and leaves out members whose value is undefined', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (record) => {
        const reversed = Object.fromEntries(Object.entries(record).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(record));
      }),
    );
    expect(canonicalJson({ a: 1, gone: undefined, b: { gone: undefined } })).toBe('{"a":1,"b":{}}');
  });

  it('the keyed hash is HMAC-SHA256 of the canonical JSON', () => {
    const key = randomBytes(32);
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(keyedBodyHash(key, value)).toBe(createHmac('sha256', key).update(reference(value)).digest('hex'));
      }),
      { numRuns: 500 },
    );
  });
});
