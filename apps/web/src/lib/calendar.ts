import type { PoolCalendar } from './api';
import { formatDate, formatInstant } from './time';

export interface CalendarEntry {
  field: string;
  label: string;
  danish?: string;
  /** The raw value, for <time dateTime>. */
  value: string;
  text: string;
}

/** The fields staff know by name, in the order of the pool's life (docs/domain.md, "The calendar"). */
const KNOWN: { field: string; label: string; danish?: string }[] = [
  { field: 'openedAt', label: 'Opened', danish: 'udmeldt' },
  { field: 'interestDeadline', label: 'Interest deadline', danish: 'frist for interessetilkendegivelse' },
  { field: 'startDeadline', label: 'Last course start', danish: 'påbegyndt senest' },
  { field: 'reportingGraceEnds', label: 'Reporting grace ends' },
];

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T/;

function humanizeField(field: string): string {
  const words = field.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A calendar value as staff read it: a date alone stays a date ("31 Dec 2020"), an instant gets its time. */
export function formatCalendarValue(value: string): string {
  return DATE_ONLY.test(value) ? formatDate(value) : formatInstant(value);
}

/** The calendar as rows: the known fields first, then any other date or instant the server adds, in its order. */
export function calendarEntries(calendar: PoolCalendar): CalendarEntry[] {
  const entries: CalendarEntry[] = [];
  const known = new Set(KNOWN.map((k) => k.field));
  for (const k of KNOWN) {
    const value = calendar[k.field];
    if (typeof value === 'string' && value) {
      entries.push({ ...k, value, text: formatCalendarValue(value) });
    }
  }
  for (const [field, value] of Object.entries(calendar)) {
    if (known.has(field) || typeof value !== 'string') continue;
    if (!DATE_ONLY.test(value) && !INSTANT.test(value)) continue;
    entries.push({ field, label: humanizeField(field), value, text: formatCalendarValue(value) });
  }
  return entries;
}
