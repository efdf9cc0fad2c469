import { formatClock } from '../lib/time';

interface Props {
  updatedAt: Date | null;
  loading: boolean;
  intervalMs?: number;
}

export function LastUpdated({ updatedAt, loading, intervalMs }: Props) {
  const every = intervalMs ? ` · refreshes every ${Math.round(intervalMs / 1000)} s` : '';
  return (
    <p className="last-updated">
      <span className={loading ? 'pulse pulse--active' : 'pulse'} aria-hidden="true" />
      {updatedAt ? `Updated ${formatClock(updatedAt)}${every}` : 'Loading…'}
    </p>
  );
}
