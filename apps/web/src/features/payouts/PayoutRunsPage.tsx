import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { DataTable, type Column } from '../../components/DataTable';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Fact } from '../../components/Fact';
import { MoneyScreenHead } from '../../components/MoneyScreenHead';
import { Notice } from '../../components/Notice';
import { useAsOf } from '../../hooks/useAsOf';
import { toApiError } from '../../lib/api';
import { oreForCsv } from '../../lib/csv';
import { formatOre } from '../../lib/money';
import { formatDate } from '../../lib/time';
import { usePayoutRuns, useRunDecision, type PayoutRunListItem } from './api';
import { RunActions } from './RunActions';
import { RunState } from './RunState';

/** The calendar of a pool's payout runs: each run's state, totals and lines, and prepare and release for finance. */
export function PayoutRunsPage() {
  const { t } = useTranslation();
  const { poolId = '' } = useParams();
  const { asOf } = useAsOf();
  const runs = usePayoutRuns(poolId, asOf);
  const decide = useRunDecision(poolId);
  const [notice, setNotice] = useState('');
  useEffect(() => {
    document.title = `${t('payouts.title')} · ${poolId} · ${t('app.name')}`;
  }, [poolId, t]);

  const readOnly = asOf ? ('asOf.readOnly' as const) : null;
  const busyDate = decide.isPending ? decide.variables?.runDate : undefined;
  const search = asOf ? `?asOf=${encodeURIComponent(asOf)}` : '';
  const ore = (id: string, header: string, pick: (r: PayoutRunListItem) => number): Column<PayoutRunListItem> => ({
    id,
    header,
    numeric: true,
    value: pick,
    cell: (r) => <span data-testid={`${id}-${r.runDate}`}>{formatOre(pick(r))}</span>,
    csv: (r) => oreForCsv(pick(r)),
  });
  const columns: Column<PayoutRunListItem>[] = [
    {
      id: 'runDate',
      header: t('payouts.runDate'),
      rowHeader: true,
      value: (r) => r.runDate,
      cell: (r) => <Link to={`/puljer/${encodeURIComponent(poolId)}/udbetalinger/${r.runDate}${search}`}>{t('payouts.runOf', { date: formatDate(r.runDate) })}</Link>,
    },
    { id: 'state', header: t('payouts.stateHeader'), value: (r) => r.state, csv: (r) => t(`payouts.state.${r.state}`), cell: (r) => <RunState state={r.state} testId={`state-${r.runDate}`} /> },
    {
      id: 'people',
      header: t('payouts.people'),
      value: (r) => [r.preparedBy, r.releasedBy].filter(Boolean).join(' / '),
      cell: (r) => (r.preparedBy ? t(r.releasedBy ? 'payouts.preparedAndReleased' : 'payouts.preparedOnly', { preparer: r.preparedBy, releaser: r.releasedBy }) : '—'),
    },
    ore('total', t('payouts.total'), (r) => r.totalOre),
    ore('paid', t('payouts.paid'), (r) => r.paidOre),
    { id: 'lines', header: t('payouts.lines'), value: (r) => r.lines.paid + r.lines.unpaid + r.lines.failed, cell: (r) => t('payouts.lineCounts', r.lines), csv: (r) => t('payouts.lineCounts', r.lines) },
    {
      id: 'actions',
      header: t('payouts.actions'),
      sortable: false,
      value: () => '',
      csv: () => '',
      cell: (r) => (
        <RunActions
          run={r}
          busy={busyDate === r.runDate}
          readOnly={readOnly}
          onDecide={(kind) => {
            setNotice('');
            decide.mutate({ kind, runDate: r.runDate }, { onSuccess: () => setNotice(t(kind === 'prepare' ? 'payouts.prepared' : 'payouts.released', { date: formatDate(r.runDate) })) });
          }}
        />
      ),
    },
  ];
  const failures = (runs.data?.runs ?? []).flatMap((r) => r.failures.map((f) => ({ ...f, runDate: r.runDate })));
  const totals = runs.data?.totals;

  return (
    <section aria-labelledby="payouts-title">
      <MoneyScreenHead
        id="payouts-title"
        title={t('payouts.title')}
        back={{ to: `/puljer/${encodeURIComponent(poolId)}${search}`, label: t('money.toPool', { poolId }) }}
        asOf={runs.data?.asOf ?? null}
        query={runs}
      />
      {decide.error && <ErrorBanner error={toApiError(decide.error)} onDismiss={() => decide.reset()} />}
      {runs.error && <ErrorBanner error={toApiError(runs.error)} />}
      <Notice text={notice} />
      {!runs.data && !runs.error && <p>{t('app.loading')}</p>}
      {runs.data && totals && (
        <>
          <dl className="facts" aria-label={t('payouts.totals')}>
            <Fact label={t('payouts.total')} big testId="runs-total">
              {formatOre(totals.totalOre)}
            </Fact>
            <Fact label={t('payouts.paid')} big testId="runs-paid">
              {formatOre(totals.paidOre)}
            </Fact>
            <Fact label={t('payouts.lines')}>{t('payouts.lineCounts', totals.lines)}</Fact>
          </dl>
          <DataTable caption={t('payouts.calendar')} rows={runs.data.runs} columns={columns} rowId={(r) => r.runDate} csvName={`udbetalinger-${poolId}`} />
          <section aria-labelledby="failures-title" className="card">
            <h2 id="failures-title">{t('payouts.failures')}</h2>
            {failures.length === 0 ? (
              <p>{t('payouts.noFailures')}</p>
            ) : (
              <DataTable
                caption={t('payouts.failures')}
                rows={failures}
                rowId={(f) => f.reference}
                csvName={`udbetalinger-fejl-${poolId}`}
                columns={[
                  { id: 'runDate', header: t('payouts.runDate'), value: (f) => f.runDate, cell: (f) => formatDate(f.runDate) },
                  { id: 'municipality', header: t('money.municipality'), rowHeader: true, value: (f) => f.municipalityCode },
                  { id: 'reference', header: t('payouts.reference'), value: (f) => f.reference, cell: (f) => <span className="mono">{f.reference}</span> },
                  { id: 'amount', header: t('payouts.amount'), numeric: true, value: (f) => f.amountOre, cell: (f) => formatOre(f.amountOre), csv: (f) => oreForCsv(f.amountOre) },
                  { id: 'lastError', header: t('payouts.lastError'), value: (f) => f.lastError },
                ]}
              />
            )}
          </section>
        </>
      )}
    </section>
  );
}
