// Every instant staff see is Copenhagen wall-clock time in Danish format, whatever the browser's zone or language.
export const COPENHAGEN = 'Europe/Copenhagen';

const instantFormat = new Intl.DateTimeFormat('da-DK', { timeZone: COPENHAGEN, dateStyle: 'medium', timeStyle: 'short' });
const clockFormat = new Intl.DateTimeFormat('da-DK', { timeZone: COPENHAGEN, timeStyle: 'medium' });
const dateFormat = new Intl.DateTimeFormat('da-DK', { timeZone: 'UTC', dateStyle: 'medium' });
const numericDate = new Intl.DateTimeFormat('da-DK', { timeZone: COPENHAGEN, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });

/** Parses an ISO instant; null when it is missing or not a date. */
export function parseInstant(value: string | null | undefined): Date | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** "29. nov. 2019, 12.00"; "—" for a missing instant. */
export function formatInstant(value: string | null | undefined): string {
  const date = parseInstant(value);
  return date ? instantFormat.format(date) : '—';
}

/** A calendar date without a time ("2020-12-31" → "31. dec. 2020"); it names a Copenhagen day, so no zone applies. */
export function formatDate(value: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? dateFormat.format(new Date(`${value}T00:00:00Z`)) : formatInstant(value);
}

/** "14.03.27" in Copenhagen, for "last updated" stamps. */
export function formatClock(date: Date): string {
  return clockFormat.format(date);
}

/** "29.11.2019 12.00", the form Danish spreadsheets read as a date and time (CSV exports). */
export function formatInstantNumeric(value: string | null | undefined): string {
  const date = parseInstant(value);
  return date ? numericDate.format(date).replace(',', '') : '';
}

const isoDay = new Intl.DateTimeFormat('en-CA', { timeZone: COPENHAGEN, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The Copenhagen calendar day of an instant, "2026-12-04" (a run's date is a Copenhagen day). */
export function copenhagenDay(date: Date): string {
  return isoDay.format(date);
}
