import type { PoolCalendar } from '../lib/api';
import { calendarEntries } from '../lib/calendar';
import { DanishTerm } from './DanishTerm';

export function CalendarList({ calendar }: { calendar: PoolCalendar }) {
  const entries = calendarEntries(calendar);
  if (entries.length === 0) return <p className="empty">The pool has no calendar.</p>;
  return (
    <dl className="calendar">
      {entries.map((entry) => (
        <div key={entry.field} className="calendar__row">
          <dt>
            {entry.label} {entry.danish && <DanishTerm>{entry.danish}</DanishTerm>}
          </dt>
          <dd>
            <time dateTime={entry.value}>{entry.text}</time>
          </dd>
        </div>
      ))}
    </dl>
  );
}
