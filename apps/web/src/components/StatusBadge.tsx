import type { StatusLabel } from '../lib/status';

export function StatusBadge({ status }: { status: StatusLabel }) {
  return (
    <span className={`badge badge--${status.tone}`}>
      {status.label}
      {status.danish && (
        <span className="badge__da" lang="da">
          {status.danish}
        </span>
      )}
    </span>
  );
}
