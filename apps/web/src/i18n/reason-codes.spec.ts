// Every reason code a decision can give is explained in plain language on screen: one catalogue entry per code of the
// domain (REASON_CODES), in Danish and in English, and none for a code the domain does not have.
import { describe, expect, it } from '@jest/globals';
import { REASON_CODES } from '@puljeflow/domain';
import { da } from './da';
import { en } from './en';

describe('reason codes in the catalogues', () => {
  it.each([
    ['da', da.reasonCode],
    ['en', en.reasonCode],
  ] as const)('%s explains every reason code of the domain, and no other', (_, explained) => {
    const missing = REASON_CODES.filter((code) => !(code in explained));
    const unknown = Object.keys(explained).filter((code) => !(REASON_CODES as readonly string[]).includes(code));
    expect({ missing, unknown }).toEqual({ missing: [], unknown: [] });
  });

  it('explains each in a sentence of its own, not the code again', () => {
    for (const code of REASON_CODES) {
      for (const text of [(da.reasonCode as Record<string, string>)[code], (en.reasonCode as Record<string, string>)[code]]) {
        expect([code, typeof text === 'string' && text.length > 20 && !text.includes(code)]).toEqual([code, true]);
      }
    }
  });
});
