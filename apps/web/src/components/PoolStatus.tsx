import { useTranslation } from 'react-i18next';

const KNOWN = ['open', 'opened', 'allocating', 'allocated', 'committed', 'closed'] as const;
const TONE: Record<string, string> = { allocated: 'badge-success', committed: 'badge-success', closed: '', allocating: 'badge-warning' };

export function PoolStatus({ status }: { status: string }) {
  const { t } = useTranslation();
  const known = (KNOWN as readonly string[]).includes(status);
  return (
    <span className={`badge ${TONE[status] ?? 'badge-info'}`} data-status={status}>
      {known ? t(`poolStatus.${status as (typeof KNOWN)[number]}`) : t('poolStatus.unknown', { status })}
    </span>
  );
}
