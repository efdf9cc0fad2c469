import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ActionButton } from '../../components/ActionButton';
import { DataTable, type Column } from '../../components/DataTable';
import { ErrorBanner } from '../../components/ErrorBanner';
import { FormField } from '../../components/FormField';
import { LiveStatus } from '../../components/LiveStatus';
import { Notice } from '../../components/Notice';
import { SubmitDecision } from '../../components/SubmitDecision';
import { useAsOf } from '../../hooks/useAsOf';
import { useSession } from '../../hooks/useSession';
import { toApiError } from '../../lib/api';
import { oreForCsv } from '../../lib/csv';
import { formatOre, parseKroner } from '../../lib/money';
import { approveReductionAction, canPrepareReduction } from '../../lib/permissions';
import { formatInstant, formatInstantNumeric } from '../../lib/time';
import { reductionsOf, type Reduction } from './reductions';

const REFRESH_MS = 3000;

/**
 * One municipality's tilsagn in a pool: its amount, who prepared and issued it, and its reductions — a caseworker
 * prepares one (a new, lower amount and why), another person approves it (four-eyes, docs/domain.md §4).
 */
export function CommitmentPage() {
  const { t } = useTranslation();
  const { api, user } = useSession();
  const { poolId = '', code = '' } = useParams();
  const { asOf } = useAsOf();
  const queryClient = useQueryClient();
  const live = asOf ? false : REFRESH_MS;
  const overview = useQuery({ queryKey: ['overview', poolId, asOf], queryFn: ({ signal }) => api.getOverview(poolId, asOf, signal), refetchInterval: live });
  const trail = useQuery({
    queryKey: ['commitment-audit', poolId, code, asOf],
    queryFn: ({ signal }) => api.auditTrail({ poolId, municipalityCode: code, limit: 500 }, asOf, signal),
    refetchInterval: live,
  });
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [notice, setNotice] = useState('');
  const invalidate = () => Promise.all([queryClient.invalidateQueries({ queryKey: ['overview', poolId] }), queryClient.invalidateQueries({ queryKey: ['commitment-audit', poolId, code] })]);
  const prepare = useMutation({
    mutationFn: (newAmountOre: number) => api.prepareReduction(poolId, code, { newAmountOre, reason: reason.trim() }),
    onMutate: () => setNotice(''),
    onSuccess: () => {
      setNotice(t('reduction.prepared'));
      setAmount('');
      setReason('');
    },
    onSettled: invalidate,
  });
  const approve = useMutation({
    mutationFn: () => api.approveReduction(poolId, code),
    onMutate: () => setNotice(''),
    onSuccess: () => setNotice(t('reduction.approved')),
    onSettled: invalidate,
  });

  const row = overview.data?.municipalities.find((m) => m.municipalityCode === code);
  const title = row ? t('reduction.title', { name: row.name }) : t('reduction.titleCode', { code });
  useEffect(() => {
    document.title = `${title} · ${t('app.name')}`;
  }, [title, t]);

  const { approved, pending } = reductionsOf(trail.data?.items ?? []);
  const readOnly = asOf ? ('asOf.readOnly' as const) : null;
  const approval = approveReductionAction(user, pending);
  const amountOre = parseKroner(amount);
  const amountInvalid = amount !== '' && amountOre === null;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!asOf && amountOre !== null) prepare.mutate(Number(amountOre));
  }

  const columns: Column<Reduction>[] = [
    { id: 'at', header: t('reduction.at'), value: (r) => r.at, cell: (r) => formatInstant(r.at), csv: (r) => formatInstantNumeric(r.at) },
    { id: 'from', header: t('reduction.from'), value: (r) => r.previousAmountOre, numeric: true, cell: (r) => formatOre(r.previousAmountOre), csv: (r) => oreForCsv(r.previousAmountOre) },
    { id: 'to', header: t('reduction.to'), value: (r) => r.newAmountOre, numeric: true, cell: (r) => formatOre(r.newAmountOre), csv: (r) => oreForCsv(r.newAmountOre) },
    { id: 'reason', header: t('reduction.reason'), value: (r) => r.reason, rowHeader: true },
    { id: 'preparedBy', header: t('reduction.preparedBy'), value: (r) => r.preparedBy },
    { id: 'approvedBy', header: t('reduction.approvedBy'), value: (r) => r.approvedBy },
  ];

  return (
    <section aria-labelledby="commitment-title">
      <p className="breadcrumbs">
        <Link to={`/puljer/${encodeURIComponent(poolId)}${asOf ? `?asOf=${encodeURIComponent(asOf)}` : ''}`}>{t('reduction.back', { pool: overview.data?.pool.name ?? poolId })}</Link>
      </p>
      <div className="page-head">
        <h1 id="commitment-title">{title}</h1>
        <LiveStatus updatedAt={Math.min(overview.dataUpdatedAt, trail.dataUpdatedAt)} fetching={overview.isFetching || trail.isFetching} stale={(overview.isError && !!overview.data) || (trail.isError && !!trail.data)} />
      </div>
      {overview.error && <ErrorBanner error={toApiError(overview.error)} />}
      {trail.error && <ErrorBanner error={toApiError(trail.error)} />}
      {prepare.error && <ErrorBanner error={toApiError(prepare.error)} onDismiss={() => prepare.reset()} />}
      {approve.error && <ErrorBanner error={toApiError(approve.error)} onDismiss={() => approve.reset()} />}
      <Notice text={notice} />
      {!row && !overview.error && <p>{overview.data ? t('reduction.noCommitment') : t('app.loading')}</p>}

      {row && (
        <dl className="facts" aria-label={t('reduction.facts')}>
          <div className="fact">
            <dt>{t('reduction.status')}</dt>
            <dd data-testid="commitment-status">{t(`commitmentStatus.${row.commitmentStatus}`)}</dd>
          </div>
          <div className="fact">
            <dt>{t('reduction.committed')}</dt>
            <dd className="fact__big" data-testid="commitment-amount">
              {formatOre(row.committedOre)}
            </dd>
          </div>
          <div className="fact">
            <dt>{t('reduction.allocated')}</dt>
            <dd>{formatOre(row.allocatedOre)}</dd>
          </div>
          <div className="fact">
            <dt>{t('reduction.people')}</dt>
            <dd>{row.issuedBy ? t('reduction.preparedAndIssued', { preparedBy: row.preparedBy ?? '—', issuedBy: row.issuedBy }) : row.preparedBy ? t('pool.preparedBy', { amount: formatOre(row.preparedAmountOre), person: row.preparedBy }) : '—'}</dd>
          </div>
        </dl>
      )}

      {pending && (
        <section className="card" aria-labelledby="pending-title" data-testid="pending-reduction">
          <h2 id="pending-title">{t('reduction.pendingTitle')}</h2>
          <p>{t('reduction.pendingText', { amount: formatOre(pending.newAmountOre), person: pending.preparedBy, reason: pending.reason })}</p>
          {approval.kind !== 'hidden' && (
            <ActionButton
              primary
              label={t('reduction.approve')}
              busy={approve.isPending}
              disabledReason={readOnly ?? (approval.kind === 'disabled' ? approval.reason : null)}
              onClick={() => approve.mutate()}
            />
          )}
        </section>
      )}

      {row && canPrepareReduction(user, { status: row.commitmentStatus, pending }) && (
        <form className="card" onSubmit={submit} aria-labelledby="reduce-title">
          <h2 id="reduce-title">{t('reduction.formTitle')}</h2>
          <p>{t('reduction.formIntro', { amount: formatOre(row.committedOre) })}</p>
          <FormField id="reduce-amount" label={t('reduction.newAmount')} hint={t('reduction.newAmountHint')} error={amountInvalid ? t('reduction.amountInvalid') : null}>
            {(d) => <input id="reduce-amount" className="form-input input-width-m" inputMode="decimal" required aria-invalid={amountInvalid} aria-describedby={d} value={amount} onChange={(e) => setAmount(e.target.value)} />}
          </FormField>
          <FormField id="reduce-reason" label={t('reduction.reason')}>
            {() => <textarea id="reduce-reason" className="form-input" required maxLength={1000} value={reason} onChange={(e) => setReason(e.target.value)} />}
          </FormField>
          <SubmitDecision label={t('reduction.prepare')} asOf={asOf} disabled={prepare.isPending || amountOre === null} />
        </form>
      )}

      {trail.data && <DataTable caption={t('reduction.history')} rows={approved} columns={columns} rowId={(r) => r.seq} csvName={`nedsaettelser-${poolId}-${code}`} />}
    </section>
  );
}
