import { useTranslation } from 'react-i18next';
import { formatClock } from '../lib/time';

interface Props {
  /** Epoch ms of the last answer (TanStack Query's dataUpdatedAt), 0 before the first. */
  updatedAt: number;
  fetching: boolean;
  /** The last refetch failed: what is shown may be out of date. */
  stale: boolean;
}

/** When the screen's data last arrived, and a clear mark when it is stale. */
export function LiveStatus({ updatedAt, fetching, stale }: Props) {
  const { t } = useTranslation();
  const time = updatedAt ? formatClock(new Date(updatedAt)) : '';
  let text: string = t('app.loading');
  if (updatedAt) text = stale ? t('live.stale', { time }) : t('live.updated', { time });
  return (
    <p className={stale ? 'live-status live-status--stale' : 'live-status'} role="status" data-testid="live-status">
      <span className={fetching ? 'pulse pulse--active' : 'pulse'} aria-hidden="true" />
      {text}
    </p>
  );
}
