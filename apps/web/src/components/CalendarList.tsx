import { useTranslation } from 'react-i18next';
import type { PoolSummary } from '../lib/api';
import { formatDate, formatInstant } from '../lib/time';

const KNOWN = ['openedAt', 'interestDeadline', 'commitmentsExpectedBy', 'startDeadline', 'reportingGraceEnds', 'closesAt'] as const;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T/;

/** The pool's calendar in the order of its life: the instants staff know by name first, then any other the server adds. */
export function CalendarList({ calendar }: { calendar: PoolSummary['calendar'] }) {
  const { t } = useTranslation();
  const entries = Object.entries(calendar as Record<string, unknown>).filter(
    (e): e is [string, string] => typeof e[1] === 'string' && (DATE_ONLY.test(e[1]) || INSTANT.test(e[1])),
  );
  const rank = (field: string) => {
    const i = (KNOWN as readonly string[]).indexOf(field);
    return i === -1 ? KNOWN.length : i;
  };
  entries.sort((a, b) => rank(a[0]) - rank(b[0]) || a[1].localeCompare(b[1]));
  if (entries.length === 0) return <p>{t('pool.noCalendar')}</p>;
  return (
    <dl className="calendar">
      {entries.map(([field, value]) => (
        <div key={field} className="calendar__row">
          <dt>{(KNOWN as readonly string[]).includes(field) ? t(`calendar.${field as (typeof KNOWN)[number]}`) : t('calendar.other', { field })}</dt>
          <dd>
            <time dateTime={value}>{DATE_ONLY.test(value) ? formatDate(value) : formatInstant(value)}</time>
          </dd>
        </div>
      ))}
    </dl>
  );
}
