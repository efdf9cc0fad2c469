import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession } from '../hooks/useSession';
import { toApiError, type PoolSummary } from '../lib/api';
import { oreForCsv } from '../lib/csv';
import { formatOre, toOre } from '../lib/money';
import { formatInstant, formatInstantNumeric } from '../lib/time';
import { DataTable, type Column } from './DataTable';
import { ErrorBanner } from './ErrorBanner';
import { LiveStatus } from './LiveStatus';
import { PoolStatus } from './PoolStatus';

export function PoolListPage() {
  const { t } = useTranslation();
  const { api } = useSession();
  const pools = useQuery({ queryKey: ['pools'], queryFn: ({ signal }) => api.listPools(signal), refetchInterval: 10_000 });

  useEffect(() => {
    document.title = `${t('pools.title')} · ${t('app.name')}`;
  }, [t]);

  const columns: Column<PoolSummary>[] = [
    { id: 'name', header: t('pools.pool'), value: (p) => p.name, rowHeader: true, cell: (p) => <Link to={`/puljer/${encodeURIComponent(p.poolId)}`}>{p.name}</Link> },
    { id: 'poolId', header: t('pools.id'), value: (p) => p.poolId, cell: (p) => <span className="mono">{p.poolId}</span> },
    { id: 'status', header: t('pools.status'), value: (p) => p.status, cell: (p) => <PoolStatus status={p.status} /> },
    { id: 'commitments', header: t('pools.commitments'), numeric: true, value: (p) => Number(toOre(p.commitmentsOre) ?? 0n), cell: (p) => formatOre(p.commitmentsOre), csv: (p) => oreForCsv(p.commitmentsOre) },
    {
      id: 'interestDeadline',
      header: t('pools.interestDeadline'),
      value: (p) => p.calendar.interestDeadline ?? '',
      cell: (p) => <time dateTime={p.calendar.interestDeadline}>{formatInstant(p.calendar.interestDeadline)}</time>,
      csv: (p) => formatInstantNumeric(p.calendar.interestDeadline),
    },
  ];

  return (
    <section aria-labelledby="pools-title">
      <div className="page-head">
        <h1 id="pools-title">{t('pools.title')}</h1>
        <LiveStatus updatedAt={pools.dataUpdatedAt} fetching={pools.isFetching} stale={pools.isError && pools.data !== undefined} />
      </div>
      {pools.error && <ErrorBanner error={toApiError(pools.error)} />}
      {pools.data && pools.data.length === 0 && <p>{t('pools.empty')}</p>}
      {pools.data && pools.data.length > 0 && <DataTable caption={t('pools.caption')} rows={pools.data} columns={columns} rowId={(p) => p.poolId} csvName="puljer" />}
    </section>
  );
}
