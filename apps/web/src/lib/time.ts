// Every instant staff see is Copenhagen wall-clock time, whatever the browser's zone (docs/domain.md, calendar).
export const COPENHAGEN = 'Europe/Copenhagen';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const partsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: COPENHAGEN,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'longOffset',
});

export interface CopenhagenParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** "CET" in winter, "CEST" in summer. */
  zone: string;
}

/** Parses an ISO instant; null when it is missing or not a date. */
export function parseInstant(value: string | null | undefined): Date | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function copenhagenParts(date: Date): CopenhagenParts {
  const parts: Record<string, string> = {};
  for (const p of partsFormat.formatToParts(date)) parts[p.type] = p.value;
  const offset = parts['timeZoneName'] ?? '';
  const zone = offset === 'GMT+01:00' ? 'CET' : offset === 'GMT+02:00' ? 'CEST' : offset;
  return {
    year: Number(parts['year']),
    month: Number(parts['month']),
    day: Number(parts['day']),
    hour: Number(parts['hour']),
    minute: Number(parts['minute']),
    second: Number(parts['second']),
    zone,
  };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "29 Nov 2019, 12:00 CET"; seconds are shown only when they are not zero. "—" for a missing instant. */
export function formatInstant(value: string | null | undefined): string {
  const date = parseInstant(value);
  if (!date) return '—';
  const p = copenhagenParts(date);
  const seconds = p.second === 0 ? '' : `:${pad(p.second)}`;
  return `${p.day} ${MONTHS[p.month - 1]} ${p.year}, ${pad(p.hour)}:${pad(p.minute)}${seconds} ${p.zone}`;
}

/** A calendar date without a time ("2020-12-31" → "31 Dec 2020"); it names a Copenhagen day, so no zone applies. */
export function formatDate(value: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return formatInstant(value);
  const [, year, month, day] = match;
  return `${Number(day)} ${MONTHS[Number(month) - 1]} ${year}`;
}

/** "14:03:27" in Copenhagen, for "last updated" stamps. */
export function formatClock(date: Date): string {
  const p = copenhagenParts(date);
  return `${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
}

export interface Countdown {
  passed: boolean;
  /** What the timer shows, changing every second: "2 d 03:04:05", "00:04:59", "Deadline passed". */
  text: string;
  /** What a screen reader is told; changes in coarse steps so the live region does not chatter every second. */
  announcement: string;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Time left until `deadline` at `now` (both epoch ms). The deadline itself counts as passed ("by 12:00" = before). */
export function countdown(deadline: number, now: number): Countdown {
  const left = deadline - now;
  if (left <= 0) return { passed: true, text: 'Deadline passed', announcement: 'The deadline has passed.' };
  // Round up so the timer reads 00:00:01 in the last second, never 00:00:00 before the deadline.
  const total = Math.ceil(left / SECOND);
  const days = Math.floor(total / 86400);
  const clock = `${pad(Math.floor(total / 3600) % 24)}:${pad(Math.floor(total / 60) % 60)}:${pad(total % 60)}`;
  const text = days > 0 ? `${days} d ${clock}` : clock;
  return { passed: false, text, announcement: announce(left) };
}

function announce(left: number): string {
  if (left >= DAY) return `${plural(Math.floor(left / DAY), 'day')} left.`;
  if (left >= HOUR) return `${plural(Math.floor(left / HOUR), 'hour')} left.`;
  if (left >= 5 * MINUTE) return `${plural(Math.floor(left / (5 * MINUTE)) * 5, 'minute')} left.`;
  if (left >= MINUTE) return `${plural(Math.floor(left / MINUTE), 'minute')} left.`;
  return 'Less than a minute left.';
}

export type DeadlinePhase = 'open' | 'awaitingAllocation' | 'allocated';

export interface DeadlineState {
  phase: DeadlinePhase;
  /** Visible, every second. */
  text: string;
  /** For the polite live region, in coarse steps. */
  announcement: string;
}

/**
 * The interest deadline as the pool page shows it: a countdown while the window is open, then the wait for the
 * allocation the deadline triggers (docs/domain.md §3), then when the allocation was made.
 */
export function interestDeadlineState(
  deadline: string | null | undefined,
  now: number,
  allocatedAt?: string | null,
): DeadlineState {
  const allocated = parseInstant(allocatedAt);
  if (allocated) {
    return {
      phase: 'allocated',
      text: `Allocated ${formatInstant(allocatedAt)}`,
      announcement: 'The deadline has passed and the pool is allocated.',
    };
  }
  const date = parseInstant(deadline);
  if (!date) return { phase: 'open', text: 'No deadline', announcement: '' };
  const c = countdown(date.getTime(), now);
  if (c.passed) {
    return {
      phase: 'awaitingAllocation',
      text: 'Deadline passed — allocating…',
      announcement: 'The deadline has passed. Waiting for the allocation.',
    };
  }
  return { phase: 'open', text: `${c.text} left`, announcement: c.announcement };
}
