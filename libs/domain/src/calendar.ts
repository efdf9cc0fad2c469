// The pool's clock is Europe/Copenhagen (docs/domain.md "The calendar": all instants Europe/Copenhagen). Dates are
// 'YYYY-MM-DD' calendar dates there; instants are JavaScript Dates. Nothing here reads the clock.

import { DateTime } from 'luxon';

export const COPENHAGEN = 'Europe/Copenhagen';

/** A calendar date 'YYYY-MM-DD' (docs/municipal-api.md: dates are calendar dates in Europe/Copenhagen). */
export type IsoDate = string;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/;
const OFFSET_AT_END = /(Z|[+-]\d{2}:\d{2})$/;

export const isValidIsoDate = (value: string): boolean =>
  ISO_DATE.test(value) && DateTime.fromISO(value, { zone: 'UTC' }).isValid;

/** Date arithmetic happens on a UTC calendar day, where no day is 23 or 25 hours long. */
const calendarDay = (date: IsoDate): DateTime => {
  if (!isValidIsoDate(date)) throw new RangeError(`not a valid date 'YYYY-MM-DD': ${date}`);
  return DateTime.fromISO(date, { zone: 'UTC' });
};

const isoDateOf = (dateTime: DateTime): IsoDate => {
  const date = dateTime.toISODate();
  if (date === null) throw new RangeError(`not a valid date: ${dateTime.invalidExplanation ?? 'unknown'}`);
  return date;
};

/** The instant a Copenhagen wall-clock time happens. A time that does not exist (02:00–03:00 on the last Sunday of
 * March) moves forward an hour, as luxon does; one that happens twice (last Sunday of October) is its first time. */
export const copenhagenInstant = (date: IsoDate, time = '00:00'): Date => {
  calendarDay(date);
  if (!TIME_OF_DAY.test(time)) throw new RangeError(`not a valid time 'HH:mm[:ss]': ${time}`);
  return DateTime.fromISO(`${date}T${time}`, { zone: COPENHAGEN }).toJSDate();
};

/** The end of a Copenhagen day as an exclusive instant: the moment the next day starts. "The end of 31 Dec 2020" is
 * 2021-01-01T00:00 Copenhagen; anything at or after it is late (docs/domain.md §6). */
export const endOfCopenhagenDay = (date: IsoDate): Date => copenhagenInstant(addDays(date, 1));

export const copenhagenDateOf = (instant: Date): IsoDate =>
  isoDateOf(DateTime.fromJSDate(instant, { zone: COPENHAGEN }));

export const addDays = (date: IsoDate, days: number): IsoDate => isoDateOf(calendarDay(date).plus({ days }));

/** Calendar months later, clamped to the month's last day (docs/domain.md: 2020-01-31 + 3 months = 2020-04-30). */
export const addMonthsClamped = (date: IsoDate, months: number): IsoDate =>
  isoDateOf(calendarDay(date).plus({ months }));

/** Whole calendar days from one date to another (negative when `to` is earlier). */
export const daysBetween = (from: IsoDate, to: IsoDate): number =>
  Math.round(calendarDay(to).diff(calendarDay(from), 'days').days);

/** An ISO-8601 instant with its Copenhagen offset, as pool definitions write them: 2019-11-29T12:00:00+01:00. */
export const toCopenhagenIso = (instant: Date): string => {
  const iso = DateTime.fromJSDate(instant, { zone: COPENHAGEN }).toISO({ suppressMilliseconds: true });
  if (iso === null) throw new RangeError(`not a valid instant: ${String(instant)}`);
  return iso;
};

/** Reads an ISO-8601 instant. The offset is required: without it the meaning would depend on the machine's zone. */
export const parseInstant = (iso: string): Date => {
  const parsed = DateTime.fromISO(iso, { setZone: true });
  if (!OFFSET_AT_END.test(iso) || !parsed.isValid) throw new RangeError(`not an ISO-8601 instant with offset: ${iso}`);
  return parsed.toJSDate();
};
