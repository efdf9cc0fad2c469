import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useAsOf } from '../hooks/useAsOf';
import { useSession } from '../hooks/useSession';
import { toApiError, type ApiError, type MunicipalityOverview } from '../lib/api';
import { oreForCsv } from '../lib/csv';
import { formatOre, sumOre, toOre } from '../lib/money';
import { claimsPath, coursesPath } from '../lib/paths';
import { approveAction, canPrepare } from '../lib/permissions';
import { formatInstant } from '../lib/time';
import { ActionButton } from './ActionButton';
import { AmendmentForm } from './AmendmentForm';
import { CalendarList } from './CalendarList';
import { DataTable, type Column } from './DataTable';
import { ErrorBanner } from './ErrorBanner';
import { LiveStatus } from './LiveStatus';
import { MoneyOverTimeChart } from './MoneyOverTimeChart';
import { MunicipalityChart } from './MunicipalityChart';
import { Notice } from './Notice';
import { PoolStatus } from './PoolStatus';

/** Every 3 s, so a person watching sees the deadline fire and the allocation appear (docs/domain.md, demo). */
const REFRESH_MS = 3000;

type Kind = 'prepare' | 'approve';

export function PoolPage() {
  const { t } = useTranslation();
  const { api, user } = useSession();
  const { poolId = '' } = useParams();
  const { asOf } = useAsOf();
  const queryClient = useQueryClient();
  const overview = useQuery({
    queryKey: ['overview', poolId, asOf],
    queryFn: ({ signal }) => api.getOverview(poolId, asOf, signal),
    refetchInterval: asOf ? false : REFRESH_MS,
  });
  const summary = useQuery({ queryKey: ['pool', poolId], queryFn: ({ signal }) => api.getPool(poolId, signal) });
  const money = useQuery({
    queryKey: ['ledger-summary', poolId, asOf],
    queryFn: ({ signal }) => api.ledgerSummary(poolId, asOf, signal),
    refetchInterval: asOf ? false : REFRESH_MS,
  });
  const [notice, setNotice] = useState('');
  const decide = useMutation({
    mutationFn: ({ kind, row }: { kind: Kind; row: MunicipalityOverview }) =>
      kind === 'prepare' ? api.prepareCommitment(poolId, row.municipalityCode) : api.approveCommitment(poolId, row.municipalityCode),
    onMutate: () => setNotice(''),
    onSuccess: (_, { kind, row }) => setNotice(t(kind === 'prepare' ? 'pool.prepared' : 'pool.issued', { name: row.name })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['overview', poolId] }),
  });

  const pool = overview.data?.pool;
  useEffect(() => {
    document.title = `${pool?.name ?? poolId} · ${t('app.name')}`;
  }, [pool?.name, poolId, t]);

  const rows = overview.data?.municipalities ?? [];
  const busyCode = decide.isPending ? decide.variables?.row.municipalityCode : undefined;
  const readOnly = asOf ? ('asOf.readOnly' as const) : null;
  const asOfSearch = asOf ? `?asOf=${encodeURIComponent(asOf)}` : '';

  const actions = (row: MunicipalityOverview) => {
    const approve = approveAction(user, row);
    const busy = busyCode === row.municipalityCode;
    return (
      <div className="actions">
        {canPrepare(user, row) && (
          <ActionButton label={t('pool.prepare', { name: row.name })} busy={busy} disabledReason={readOnly} onClick={() => decide.mutate({ kind: 'prepare', row })} />
        )}
        {approve.kind !== 'hidden' && (
          <ActionButton
            primary
            label={t('pool.issue', { name: row.name })}
            busy={busy}
            disabledReason={readOnly ?? (approve.kind === 'disabled' ? approve.reason : null)}
            onClick={() => decide.mutate({ kind: 'approve', row })}
          />
        )}
      </div>
    );
  };

  const oreColumn = (id: string, header: string, pick: (r: MunicipalityOverview) => MunicipalityOverview['requestedOre'] | null): Column<MunicipalityOverview> => ({
    id,
    header,
    numeric: true,
    value: (r) => Number(toOre(pick(r)) ?? 0n),
    cell: (r) => <span data-testid={`${id}-${r.municipalityCode}`}>{formatOre(pick(r))}</span>,
    csv: (r) => oreForCsv(pick(r)),
  });
  const columns: Column<MunicipalityOverview>[] = [
    { id: 'code', header: t('pool.code'), value: (r) => r.municipalityCode, cell: (r) => <span className="mono">{r.municipalityCode}</span> },
    {
      id: 'name',
      header: t('pool.municipality'),
      value: (r) => r.name,
      rowHeader: true,
      cell: (r) => <Link to={`/puljer/${encodeURIComponent(poolId)}/kommuner/${r.municipalityCode}${asOfSearch}`}>{r.name}</Link>,
    },
    oreColumn('requested', t('pool.requested'), (r) => r.requestedOre),
    oreColumn('allocated', t('pool.allocated'), (r) => r.allocatedOre),
    oreColumn('committed', t('pool.committed'), (r) => r.committedOre),
    {
      id: 'commitment',
      header: t('pool.commitment'),
      value: (r) => r.commitmentStatus,
      csv: (r) => t(`commitmentStatus.${r.commitmentStatus}`),
      cell: (r) => (
        <>
          <span className={`badge ${r.commitmentStatus === 'issued' ? 'badge-success' : r.commitmentStatus === 'prepared' ? 'badge-warning' : ''}`} data-testid={`commitment-${r.municipalityCode}`}>
            {t(`commitmentStatus.${r.commitmentStatus}`)}
          </span>
          {r.commitmentStatus === 'prepared' && r.preparedBy && <span className="sub">{t('pool.preparedBy', { amount: formatOre(r.preparedAmountOre), person: r.preparedBy })}</span>}
          {r.commitmentStatus === 'issued' && r.issuedBy && <span className="sub">{t('pool.issuedBy', { person: r.issuedBy })}</span>}
          {r.commitmentStatus === 'issued' && (
            <Link className="sub" to={`/puljer/${encodeURIComponent(poolId)}/tilsagn/${r.municipalityCode}${asOf ? `?asOf=${encodeURIComponent(asOf)}` : ''}`}>
              {t('reduction.link', { name: r.name })}
            </Link>
          )}
        </>
      ),
    },
    { id: 'actions', header: t('pool.actions'), value: () => '', cell: actions, sortable: false, csv: () => '' },
  ];
  const total = (pick: (r: MunicipalityOverview) => MunicipalityOverview['requestedOre'] | null) => formatOre(sumOre(rows.map(pick)));

  return (
    <section aria-labelledby="pool-title">
      <p className="breadcrumbs">
        <Link to="/puljer">{t('pool.back')}</Link>
      </p>
      <div className="page-head">
        <h1 id="pool-title">
          {pool?.name ?? poolId} <span className="sub mono">{poolId}</span>
        </h1>
        <LiveStatus updatedAt={overview.dataUpdatedAt} fetching={overview.isFetching} stale={overview.isError && overview.data !== undefined} />
      </div>

      {decide.error && <ErrorBanner error={toApiError(decide.error) as ApiError} onDismiss={() => decide.reset()} />}
      {overview.error && <ErrorBanner error={toApiError(overview.error)} />}
      <Notice text={notice} />

      {!overview.data && !overview.error && <p>{t('app.loading')}</p>}
      {pool && (
        <>
          <dl className="facts" aria-label={t('pool.facts')}>
            <div className="fact">
              <dt>{t('pool.status')}</dt>
              <dd>
                <PoolStatus status={pool.status} />
              </dd>
            </div>
            <div className="fact">
              <dt>{t('pool.commitments')}</dt>
              <dd className="fact__big" data-testid="pool-commitments">
                {formatOre(pool.commitmentsOre)}
              </dd>
            </div>
            {pool.lapsedOre != null && (
              <div className="fact">
                <dt>{t('pool.lapsed')}</dt>
                <dd className="fact__big">{formatOre(pool.lapsedOre)}</dd>
              </div>
            )}
            <div className="fact">
              <dt>{t('pool.interestDeadline')}</dt>
              <dd>
                <time dateTime={pool.interestDeadline}>{formatInstant(pool.interestDeadline)}</time>
              </dd>
            </div>
            <div className="fact">
              <dt>{t('pool.allocatedAt')}</dt>
              <dd>{pool.allocatedAt ? formatInstant(pool.allocatedAt) : t('pool.notAllocated')}</dd>
            </div>
          </dl>

          {rows.length > 0 && (
            <section aria-labelledby="chart-title" className="card">
              <h2 id="chart-title">{t('pool.chartTitle')}</h2>
              <MunicipalityChart rows={rows} />
            </section>
          )}

          <section aria-labelledby="money-chart-title" className="card">
            <h2 id="money-chart-title">{t('moneyChart.title')}</h2>
            {money.error && <ErrorBanner error={toApiError(money.error)} />}
            {money.data && (money.data.byMonth.length > 0 ? <MoneyOverTimeChart months={money.data.byMonth} /> : <p>{t('moneyChart.empty')}</p>)}
            <p>
              <Link to={`/puljer/${encodeURIComponent(poolId)}/markedsfoering${asOf ? `?asOf=${encodeURIComponent(asOf)}` : ''}`}>{t('marketing.link')}</Link>
            </p>
          </section>

          {rows.length === 0 ? (
            <p>{t('pool.noInterest')}</p>
          ) : (
            <DataTable
              caption={t('pool.municipalities')}
              rows={rows}
              columns={columns}
              rowId={(r) => r.municipalityCode}
              csvName={`kommuner-${poolId}`}
              footer={
                <tr>
                  <th scope="row" colSpan={2}>
                    {t('table.total')}
                  </th>
                  <td className="num">{total((r) => r.requestedOre)}</td>
                  <td className="num">{total((r) => r.allocatedOre)}</td>
                  <td className="num">{total((r) => r.committedOre)}</td>
                  <td colSpan={2} />
                </tr>
              }
            />
          )}
        </>
      )}

      <nav aria-label={t('money.poolLinks')} className="pool-links">
        <Link to={`/puljer/${encodeURIComponent(poolId)}/udbetalinger${asOfSearch}`}>{t('money.payouts')}</Link>
        <Link to={`/puljer/${encodeURIComponent(poolId)}/afregning${asOfSearch}`}>{t('money.settlements')}</Link>
        <Link to={coursesPath(poolId, asOf)}>{t('courses.navLink')}</Link>
        <Link to={claimsPath(poolId, asOf)}>{t('claims.navLink')}</Link>
      </nav>

      <section aria-labelledby="calendar-title" className="card">
        <h2 id="calendar-title">{t('pool.calendar')}</h2>
        {summary.error && <ErrorBanner error={toApiError(summary.error)} />}
        {summary.data ? <CalendarList calendar={summary.data.calendar} /> : !summary.error && <p>{t('app.loading')}</p>}
      </section>

      {summary.data && <AmendmentForm poolId={poolId} readOnly={readOnly} />}
    </section>
  );
}
