// The CPR number (personnummer) identifies a citizen at the edge only (docs/domain.md "Personal data"): the api checks it
// here, then keeps a keyed pseudonym and, where needed, a ciphertext. So no message here ever repeats the number.

import { DateTime } from 'luxon';
import type { IsoDate } from './calendar';

export type CprValidation =
  | Readonly<{ ok: true; /** 10 digits, no dash. */ cpr: string; birthDate: IsoDate }>
  | Readonly<{ ok: false; message: string }>;

const CPR = /^(\d{2})(\d{2})(\d{2})-?(\d)(\d{3})$/;

/** The century of the date of birth, from the 7th digit and the 2-digit year (CPR-kontoret's table): 0–3 the 1900s;
 * 4 and 9 the 2000s up to year 36, else the 1900s; 5–8 the 2000s up to year 57, else the 1800s. */
const centuryOf = (seventhDigit: number, year: number): number => {
  if (seventhDigit <= 3) return 1900;
  if (seventhDigit === 4 || seventhDigit === 9) return year <= 36 ? 2000 : 1900;
  return year <= 57 ? 2000 : 1800;
};

/** Checks a CPR number written 'DDMMYYSSSS' or 'DDMMYY-SSSS' (surrounding space ignored): 10 digits whose first six
 * are a real date of birth. No modulus-11 check: numbers without it have been issued since 2007. */
export const validateCpr = (input: string): CprValidation => {
  const match = CPR.exec(typeof input === 'string' ? input.trim() : '');
  if (match === null) {
    return { ok: false, message: "A CPR number is 10 digits, 'DDMMYYSSSS' or 'DDMMYY-SSSS'." };
  }
  const [, dd, mm, yy, seventh, rest] = match as unknown as [string, string, string, string, string, string];
  const year = centuryOf(Number(seventh), Number(yy)) + Number(yy);
  const birth = DateTime.fromObject({ year, month: Number(mm), day: Number(dd) }, { zone: 'UTC' });
  const birthDate = birth.isValid ? birth.toISODate() : null;
  if (birthDate === null) {
    return { ok: false, message: 'The first six digits of the CPR number (DDMMYY) are not a real date of birth.' };
  }
  return { ok: true, cpr: `${dd}${mm}${yy}${seventh}${rest}`, birthDate };
};
