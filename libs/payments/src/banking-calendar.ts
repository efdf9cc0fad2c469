// Danish banking days, for payout runs "on the last banking day of each month" (docs/domain.md §8, Payout timing).
// The holidays come from the maintained `date-holidays` data for DK; we keep no dates of our own, only which of its
// days close the banks and the two closing days it does not know.

import { addDays, isValidIsoDate, type IsoDate } from '@puljeflow/domain';
import Holidays from 'date-holidays';

/** date-holidays has these DK days as 'observance' ("shops closed by law"), keyed by its rule; the banks close on
 * them too (Finans Danmark, bankernes lukkedage). Fastelavn, 1 May and Mother's Day stay banking days. */
const BANK_CLOSING_OBSERVANCES = new Set(['06-05', '12-24']); // grundlovsdag, juleaftensdag

const danishBankHolidays = (): Holidays => {
  const holidays = new Holidays('DK', { types: ['public', 'bank', 'observance'] });
  // Not in date-holidays' DK data (3.37.0); from Finans Danmark's list of bank closing days (bankernes lukkedage).
  holidays.setHoliday('easter 40', {
    name: { da: 'Banklukkedag (fredag efter Kristi himmelfartsdag)', en: 'Bank holiday after Ascension Day' },
    type: 'bank',
  });
  holidays.setHoliday('12-31', { name: { da: 'Nytårsaftensdag', en: "New Year's Eve" }, type: 'bank' });
  return holidays;
};

let calendar: Holidays | undefined;
const closedDaysByYear = new Map<number, ReadonlySet<IsoDate>>();

/** The dates in a year when Danish banks are closed besides weekends (computed once per year). */
export const bankHolidays = (year: number): ReadonlySet<IsoDate> => {
  let closed = closedDaysByYear.get(year);
  if (!closed) {
    calendar ??= danishBankHolidays();
    const days = calendar
      .getHolidays(year)
      .filter((day) => day.type !== 'observance' || BANK_CLOSING_OBSERVANCES.has(day.rule))
      // `date` is the local calendar day, "2020-12-31 00:00:00"; its start/end are instants we do not need.
      .map((day) => day.date.slice(0, 10));
    closed = new Set(days);
    closedDaysByYear.set(year, closed);
  }
  return closed;
};

const assertDate = (date: IsoDate): IsoDate => {
  if (!isValidIsoDate(date)) throw new RangeError(`not a valid date 'YYYY-MM-DD': ${date}`);
  return date;
};

/** A weekday on which Danish banks are open. */
export const isBankingDay = (date: IsoDate): boolean => {
  const weekday = new Date(`${assertDate(date)}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !bankHolidays(Number(date.slice(0, 4))).has(date);
};

/** The last banking day of a month (1–12). */
export const lastBankingDayOfMonth = (year: number, month: number): IsoDate => {
  if (!Number.isInteger(year) || !Number.isInteger(month) || month < 1 || month > 12) {
    throw new RangeError(`not a month: ${year}-${month}`);
  }
  // Day 0 of the next month is the last day of this one.
  let date = new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
  while (!isBankingDay(date)) date = addDays(date, -1);
  return date;
};

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

const parseMonth = (month: string): { year: number; month: number } => {
  const match = MONTH.exec(month);
  if (!match) throw new RangeError(`not a month 'YYYY-MM': ${month}`);
  return { year: Number(match[1]), month: Number(match[2]) };
};

/** The payout run dates from one month to another, both included: the last banking day of each (docs/domain.md §8). */
export const payoutRunDates = (fromMonth: string, toMonth: string): IsoDate[] => {
  const from = parseMonth(fromMonth);
  const to = parseMonth(toMonth);
  const dates: IsoDate[] = [];
  for (let index = from.year * 12 + from.month - 1; index <= to.year * 12 + to.month - 1; index += 1) {
    dates.push(lastBankingDayOfMonth(Math.floor(index / 12), (index % 12) + 1));
  }
  return dates;
};
