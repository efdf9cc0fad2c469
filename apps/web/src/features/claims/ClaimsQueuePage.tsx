import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { DataTable, type Column } from '../../components/DataTable';
import { ErrorBanner } from '../../components/ErrorBanner';
import { LoadMore } from '../../components/LoadMore';
import { LiveStatus } from '../../components/LiveStatus';
import { useAsOf } from '../../hooks/useAsOf';
import { toApiError } from '../../lib/api';
import { oreForCsv } from '../../lib/csv';
import { formatOre } from '../../lib/money';
import { claimPath } from '../../lib/paths';
import { formatInstant, formatInstantNumeric } from '../../lib/time';
import { useClaimsQueue, type ClaimItem, type ClaimStatus } from './api';

/** The queue's tabs, in the order work flows (the contract's statuses; a new one fails to compile until named). */
const STATUSES = Object.keys({ 'awaiting-review': 1, 'awaiting-approval': 1, approved: 1 } satisfies Record<ClaimStatus, 1>) as ClaimStatus[];

/** Claims awaiting review and approval across municipalities, one status at a time (`?status=`, `?poolId=` in the URL). */
export function ClaimsQueuePage() {
  const { t } = useTranslation();
  const { asOf } = useAsOf();
  const [params] = useSearchParams();
  const raw = params.get('status');
  const status: ClaimStatus = STATUSES.includes(raw as ClaimStatus) ? (raw as ClaimStatus) : 'awaiting-review';
  const poolId = params.get('poolId');
  const claims = useClaimsQueue(status, poolId, asOf);

  useEffect(() => {
    document.title = `${t('claims.title')} · ${t('app.name')}`;
  }, [t]);

  const tabUrl = (s: ClaimStatus) => {
    const next = new URLSearchParams(params);
    next.set('status', s);
    return `?${next.toString()}`;
  };
  const rows = claims.data?.pages.flatMap((p) => p.items) ?? [];
  const id = (c: ClaimItem) => `${c.poolId}-${c.municipalityCode}-${c.claimId}`;
  const columns: Column<ClaimItem>[] = [
    {
      id: 'claimId',
      header: t('claims.claimId'),
      rowHeader: true,
      value: (c) => c.claimId,
      cell: (c) => (
        <Link to={claimPath(c.poolId, c.municipalityCode, c.claimId, asOf)} className="mono">
          {c.claimId}
        </Link>
      ),
    },
    { id: 'pool', header: t('claims.pool'), value: (c) => c.poolId, cell: (c) => <span className="mono nowrap">{c.poolId}</span> },
    { id: 'municipality', header: t('claims.municipality'), value: (c) => c.municipalityCode },
    { id: 'budgetYear', header: t('claims.budgetYear'), value: (c) => c.budgetYear },
    { id: 'kind', header: t('claims.kind'), value: (c) => t(`claimKind.${c.kind}`) },
    { id: 'claimedAt', header: t('claims.claimedAt'), value: (c) => c.claimedAt, cell: (c) => <span className="nowrap">{formatInstant(c.claimedAt)}</span>, csv: (c) => formatInstantNumeric(c.claimedAt) },
    {
      id: 'claimedRefund',
      header: t('claims.claimedRefund'),
      numeric: true,
      value: (c) => Number(c.claimedRefundOre),
      cell: (c) => <span data-testid={`claimed-${id(c)}`}>{formatOre(c.claimedRefundOre)}</span>,
      csv: (c) => oreForCsv(c.claimedRefundOre),
    },
  ];
  // Each tab shows what its step adds: who reviewed it, then who approved it and for how much.
  if (status !== 'awaiting-review') {
    columns.push({ id: 'reviewedBy', header: t('claims.reviewedBy'), value: (c) => c.reviewedBy ?? '', cell: (c) => <span data-testid={`reviewed-${id(c)}`}>{c.reviewedBy ?? '—'}</span> });
  }
  if (status === 'approved') {
    columns.push(
      {
        id: 'approvedRefund',
        header: t('claims.approvedRefund'),
        numeric: true,
        value: (c) => Number(c.approvedRefundOre ?? 0),
        cell: (c) => <span data-testid={`approved-${id(c)}`}>{formatOre(c.approvedRefundOre)}</span>,
        csv: (c) => oreForCsv(c.approvedRefundOre),
      },
      { id: 'approvedBy', header: t('claims.approvedBy'), value: (c) => c.approvedBy ?? '', cell: (c) => c.approvedBy ?? '—' },
    );
  }

  return (
    <section aria-labelledby="claims-title">
      <div className="page-head">
        <h1 id="claims-title">
          {t('claims.title')} {poolId && <span className="sub">{t('claims.poolFilter', { poolId })}</span>}
        </h1>
        <LiveStatus updatedAt={claims.dataUpdatedAt} fetching={claims.isFetching} stale={claims.isError && claims.data !== undefined} />
      </div>
      <nav className="tabs" aria-label={t('claims.tabs')}>
        <ul className="tabs__list">
          {STATUSES.map((s) => (
            <li key={s}>
              <Link to={tabUrl(s)} aria-current={s === status ? 'page' : undefined} className={s === status ? 'tab tab--current' : 'tab'}>
                {t(`claimStatus.${s}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {claims.error && <ErrorBanner error={toApiError(claims.error)} />}
      {!claims.data && !claims.error && <p>{t('app.loading')}</p>}
      {claims.data && (
        <>
          <DataTable caption={t('claims.queueCaption', { status: t(`claimStatus.${status}`) })} rows={rows} columns={columns} rowId={id} csvName={`refusionskrav-${status}`} />
          {claims.hasNextPage && <LoadMore text={t('claims.moreExist')} label={t('claims.loadMore')} busy={claims.isFetchingNextPage} onLoad={() => void claims.fetchNextPage()} />}
        </>
      )}
    </section>
  );
}
