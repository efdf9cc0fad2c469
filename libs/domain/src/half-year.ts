// The labour-market balance (arbejdsmarkedsbalancen) is published per half-year, e.g. 2019H2 (docs/domain.md "Reference
// data"); a job title's status is read from the half-year in force on the declaration date (docs/domain.md §5).

import { isValidIsoDate, type IsoDate } from './calendar';

/** A half-year: H1 is January–June, H2 July–December. */
export type HalfYear = `${number}H${1 | 2}`;

const HALF_YEAR = /^(\d{4})H([12])$/;

export const isHalfYear = (value: string): value is HalfYear => HALF_YEAR.test(value);

/** The half-year a calendar date lies in: 2020-06-30, the last day of the first half, is 2020H1. */
export const halfYearOf = (date: IsoDate): HalfYear => {
  if (!isValidIsoDate(date)) throw new RangeError(`not a valid date 'YYYY-MM-DD': ${date}`);
  const month = Number(date.slice(5, 7));
  return `${Number(date.slice(0, 4))}H${month <= 6 ? 1 : 2}`;
};

const ordinal = (halfYear: string): number => {
  const match = HALF_YEAR.exec(halfYear);
  if (match === null) throw new RangeError(`not a half-year 'YYYYH1' or 'YYYYH2': ${halfYear}`);
  return Number(match[1]) * 2 + Number(match[2]) - 1;
};

/** Orders half-years: negative when `a` is earlier, 0 when the same, positive when later (for Array.sort). */
export const compareHalfYears = (a: string, b: string): number => ordinal(a) - ordinal(b);
