import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { DataTable, type Column } from '../../components/DataTable';
import { ErrorBanner } from '../../components/ErrorBanner';
import { FormField } from '../../components/FormField';
import { LiveStatus } from '../../components/LiveStatus';
import { Notice } from '../../components/Notice';
import { SubmitDecision } from '../../components/SubmitDecision';
import { useAsOf } from '../../hooks/useAsOf';
import { useSession } from '../../hooks/useSession';
import { toApiError, type MarketingLine } from '../../lib/api';
import { oreForCsv } from '../../lib/csv';
import { formatOre, parseKroner } from '../../lib/money';
import { canRecordMarketing } from '../../lib/permissions';
import { formatDate, formatInstant, formatInstantNumeric } from '../../lib/time';

type Spending = MarketingLine['spendings'][number];
const REFRESH_MS = 5000;

/** The pool's marketing line: its limit, what is spent and what remains; finance records a spending on it. */
export function MarketingPage() {
  const { t } = useTranslation();
  const { api, user } = useSession();
  const { poolId = '' } = useParams();
  const { asOf } = useAsOf();
  const queryClient = useQueryClient();
  const line = useQuery({ queryKey: ['marketing', poolId, asOf], queryFn: ({ signal }) => api.marketingLine(poolId, asOf, signal), refetchInterval: asOf ? false : REFRESH_MS });
  const [draft, setDraft] = useState({ spendingId: '', amount: '', spentOn: '', description: '' });
  const [notice, setNotice] = useState('');
  const amountOre = parseKroner(draft.amount);
  const record = useMutation({
    mutationFn: () => api.recordMarketingSpending(poolId, { spendingId: draft.spendingId.trim(), amountOre: Number(amountOre), spentOn: draft.spentOn, description: draft.description.trim() }),
    onMutate: () => setNotice(''),
    onSuccess: () => {
      setNotice(t('marketing.recorded', { id: draft.spendingId.trim() }));
      setDraft({ spendingId: '', amount: '', spentOn: '', description: '' });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['marketing', poolId] }),
  });

  useEffect(() => {
    document.title = `${t('marketing.title')} · ${t('app.name')}`;
  }, [t]);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!asOf && amountOre !== null) record.mutate();
  }

  const amountInvalid = draft.amount !== '' && amountOre === null;
  const columns: Column<Spending>[] = [
    { id: 'spendingId', header: t('marketing.spendingId'), value: (s) => s.spendingId, cell: (s) => <span className="mono">{s.spendingId}</span> },
    { id: 'description', header: t('marketing.description'), value: (s) => s.description, rowHeader: true },
    { id: 'spentOn', header: t('marketing.spentOn'), value: (s) => s.spentOn, cell: (s) => formatDate(s.spentOn) },
    { id: 'amount', header: t('marketing.amount'), value: (s) => s.amountOre, numeric: true, cell: (s) => <span data-testid={`spending-${s.spendingId}`}>{formatOre(s.amountOre)}</span>, csv: (s) => oreForCsv(s.amountOre) },
    { id: 'recordedBy', header: t('marketing.recordedBy'), value: (s) => s.recordedBy },
    { id: 'recordedAt', header: t('marketing.recordedAt'), value: (s) => s.recordedAt, cell: (s) => formatInstant(s.recordedAt), csv: (s) => formatInstantNumeric(s.recordedAt) },
  ];

  return (
    <section aria-labelledby="marketing-title">
      <p className="breadcrumbs">
        <Link to={`/puljer/${encodeURIComponent(poolId)}${asOf ? `?asOf=${encodeURIComponent(asOf)}` : ''}`}>{t('marketing.back')}</Link>
      </p>
      <div className="page-head">
        <h1 id="marketing-title">
          {t('marketing.title')} <span className="sub mono">{poolId}</span>
        </h1>
        <LiveStatus updatedAt={line.dataUpdatedAt} fetching={line.isFetching} stale={line.isError && line.data !== undefined} />
      </div>
      {line.error && <ErrorBanner error={toApiError(line.error)} />}
      {record.error && <ErrorBanner error={toApiError(record.error)} onDismiss={() => record.reset()} />}
      <Notice text={notice} />
      {!line.data && !line.error && <p>{t('app.loading')}</p>}
      {line.data && (
        <>
          <dl className="facts" aria-label={t('marketing.facts')}>
            <div className="fact">
              <dt>{t('marketing.limit')}</dt>
              <dd className="fact__big" data-testid="marketing-limit">
                {formatOre(line.data.limitOre)}
              </dd>
            </div>
            <div className="fact">
              <dt>{t('marketing.spent')}</dt>
              <dd className="fact__big" data-testid="marketing-spent">
                {formatOre(line.data.spentOre)}
              </dd>
            </div>
            <div className="fact">
              <dt>{t('marketing.remaining')}</dt>
              <dd className="fact__big" data-testid="marketing-remaining">
                {formatOre(line.data.remainingOre)}
              </dd>
            </div>
            <div className="fact">
              <dt>{t('marketing.asOf')}</dt>
              <dd>{formatInstant(line.data.asOf)}</dd>
            </div>
          </dl>
          <DataTable caption={t('marketing.spendings')} rows={line.data.spendings} columns={columns} rowId={(s) => s.spendingId} csvName={`markedsfoering-${poolId}`} />
        </>
      )}
      {canRecordMarketing(user) && (
        <form className="card" onSubmit={submit} aria-labelledby="marketing-form-title">
          <h2 id="marketing-form-title">{t('marketing.formTitle')}</h2>
          <div className="form-row">
            <FormField id="marketing-id" label={t('marketing.spendingId')} hint={t('marketing.spendingIdHint')}>
              {(d) => <input id="marketing-id" className="form-input" required maxLength={100} aria-describedby={d} value={draft.spendingId} onChange={(e) => setDraft({ ...draft, spendingId: e.target.value })} />}
            </FormField>
            <FormField id="marketing-amount" label={t('marketing.amount')} error={amountInvalid ? t('reduction.amountInvalid') : null}>
              {(d) => <input id="marketing-amount" className="form-input" inputMode="decimal" required aria-invalid={amountInvalid} aria-describedby={d} value={draft.amount} onChange={(e) => setDraft({ ...draft, amount: e.target.value })} />}
            </FormField>
            <FormField id="marketing-date" label={t('marketing.spentOn')}>
              {() => <input id="marketing-date" className="form-input" type="date" required value={draft.spentOn} onChange={(e) => setDraft({ ...draft, spentOn: e.target.value })} />}
            </FormField>
          </div>
          <FormField id="marketing-description" label={t('marketing.description')}>
            {() => <textarea id="marketing-description" className="form-input" required maxLength={1000} value={draft.description} onChange={(e) => setDraft({ ...draft, description: e.target.value })} />}
          </FormField>
          <SubmitDecision label={t('marketing.record')} asOf={asOf} disabled={record.isPending || amountOre === null} />
        </form>
      )}
    </section>
  );
}
