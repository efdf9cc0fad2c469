import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { DataTable, type Column } from '../../components/DataTable';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Fact } from '../../components/Fact';
import { MoneyScreenHead } from '../../components/MoneyScreenHead';
import { Notice } from '../../components/Notice';
import { useAsOf } from '../../hooks/useAsOf';
import { useSession } from '../../hooks/useSession';
import { toApiError } from '../../lib/api';
import { oreForCsv } from '../../lib/csv';
import { runStateOf } from '../../lib/money-permissions';
import { formatOre, sumOre } from '../../lib/money';
import { hasRole, ROLE } from '../../lib/permissions';
import { formatDate, formatInstant, formatInstantNumeric } from '../../lib/time';
import { usePain001Download, usePayoutRun, useRunDecision, type PayoutLine } from './api';
import { RunActions } from './RunActions';
import { RunState } from './RunState';

const LINE_BADGE: Record<PayoutLine['state'], string> = { unpaid: '', paid: 'badge-success', failed: 'badge-error' };

/** One payout run: who prepared and released it, its lines and their failures, and its pain.001 file. */
export function PayoutRunPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const { poolId = '', runDate = '' } = useParams();
  const { asOf } = useAsOf();
  const run = usePayoutRun(poolId, runDate, asOf);
  const decide = useRunDecision(poolId);
  const download = usePain001Download(poolId, runDate, asOf);
  const [notice, setNotice] = useState('');
  const date = formatDate(runDate);
  useEffect(() => {
    document.title = `${t('payouts.runOf', { date })} · ${poolId} · ${t('app.name')}`;
  }, [date, poolId, t]);

  const search = asOf ? `?asOf=${encodeURIComponent(asOf)}` : '';
  const data = run.data;
  const lines = data?.lines ?? [];
  const state = data ? runStateOf(data.status) : 'scheduled';
  const mayDownload = [ROLE.finance, ROLE.auditor, ROLE.admin].some((role) => hasRole(user, role));
  const columns: Column<PayoutLine>[] = [
    {
      id: 'municipality',
      header: t('money.municipality'),
      rowHeader: true,
      value: (l) => l.municipalityCode,
      cell: (l) => <Link to={`/puljer/${encodeURIComponent(poolId)}/kommuner/${l.municipalityCode}${search}`}>{t('money.municipalityLink', { code: l.municipalityCode })}</Link>,
    },
    { id: 'amount', header: t('payouts.amount'), numeric: true, value: (l) => l.amountOre, cell: (l) => <span data-testid={`line-amount-${l.municipalityCode}`}>{formatOre(l.amountOre)}</span>, csv: (l) => oreForCsv(l.amountOre) },
    { id: 'reference', header: t('payouts.reference'), value: (l) => l.reference, cell: (l) => <span className="mono" data-testid={`line-reference-${l.municipalityCode}`}>{l.reference}</span> },
    { id: 'claims', header: t('payouts.claims'), value: (l) => l.claimIds.join(', ') },
    {
      id: 'state',
      header: t('payouts.lineState'),
      value: (l) => l.state,
      csv: (l) => t(`payouts.lineStates.${l.state}`),
      cell: (l) => (
        <span className={`badge ${LINE_BADGE[l.state]}`} data-testid={`line-state-${l.municipalityCode}`}>
          {t(`payouts.lineStates.${l.state}`)}
        </span>
      ),
    },
    { id: 'paidAt', header: t('payouts.paidAt'), value: (l) => l.paidAt ?? '', cell: (l) => formatInstant(l.paidAt), csv: (l) => formatInstantNumeric(l.paidAt) },
    { id: 'lastError', header: t('payouts.lastError'), value: (l) => l.lastError ?? '' },
  ];

  return (
    <section aria-labelledby="run-title">
      <MoneyScreenHead
        id="run-title"
        title={t('payouts.runOf', { date })}
        back={{ to: `/puljer/${encodeURIComponent(poolId)}/udbetalinger${search}`, label: t('payouts.back') }}
        asOf={asOf ?? (run.dataUpdatedAt ? new Date(run.dataUpdatedAt).toISOString() : null)}
        query={run}
      />
      {decide.error && <ErrorBanner error={toApiError(decide.error)} onDismiss={() => decide.reset()} />}
      {download.error && <ErrorBanner error={toApiError(download.error)} onDismiss={() => download.reset()} />}
      {run.error && <ErrorBanner error={toApiError(run.error)} />}
      <Notice text={notice} />
      {!data && !run.error && <p>{t('app.loading')}</p>}
      {data && (
        <>
          <dl className="facts" aria-label={t('payouts.facts')}>
            <Fact label={t('payouts.stateHeader')}>
              <RunState state={state} testId="run-state" />
            </Fact>
            <Fact label={t('payouts.total')} big testId="run-total">
              {formatOre(data.totalOre)}
            </Fact>
            <Fact label={t('payouts.paid')} big testId="run-paid">
              {formatOre(sumOre(lines.filter((l) => l.state === 'paid').map((l) => l.amountOre)))}
            </Fact>
            <Fact label={t('payouts.preparedBy')} testId="run-prepared-by">
              {data.preparedBy ?? '—'}
            </Fact>
            <Fact label={t('payouts.releasedBy')} testId="run-released-by">
              {data.releasedBy ?? '—'}
            </Fact>
          </dl>

          <RunActions
            run={{ state, runDate, preparedBy: data.preparedBy ?? null }}
            busy={decide.isPending}
            readOnly={asOf ? 'asOf.readOnly' : null}
            onDecide={(kind) => {
              setNotice('');
              decide.mutate({ kind, runDate }, { onSuccess: () => setNotice(t(kind === 'prepare' ? 'payouts.prepared' : 'payouts.released', { date })) });
            }}
          />

          {lines.length === 0 ? (
            <p>{t(data.status === 'none' ? 'payouts.notPrepared' : 'payouts.noLines')}</p>
          ) : (
            <DataTable caption={t('payouts.lines')} rows={lines} columns={columns} rowId={(l) => l.reference} csvName={`udbetaling-${poolId}-${runDate}`} />
          )}

          {mayDownload && (
            <section aria-labelledby="file-title" className="card">
              <h2 id="file-title">{t('payouts.file')}</h2>
              {lines.some((l) => l.state === 'paid') ? (
                <div className="actions">
                  <button type="button" className="button button-secondary" disabled={download.isPending} onClick={() => download.mutate()}>
                    {t('payouts.download')}
                  </button>
                </div>
              ) : (
                <p>{t('payouts.noFile')}</p>
              )}
            </section>
          )}
        </>
      )}
    </section>
  );
}
