import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ActionButton } from '../../components/ActionButton';
import { DataTable, type Column } from '../../components/DataTable';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Fact } from '../../components/Fact';
import { LiveStatus } from '../../components/LiveStatus';
import { Notice } from '../../components/Notice';
import { useAsOf } from '../../hooks/useAsOf';
import { useSession } from '../../hooks/useSession';
import { toApiError } from '../../lib/api';
import { oreForCsv } from '../../lib/csv';
import { formatOre } from '../../lib/money';
import { claimsPath, coursePath } from '../../lib/paths';
import { approveClaimAction, canReviewClaim } from '../../lib/permissions';
import { formatDate, formatInstant } from '../../lib/time';
import { useClaim, useClaimDecision, type ClaimItem, type TracedExpense } from './api';
import { ReviewForm } from './ReviewForm';

/** One refund claim: what it claims, its expenses, the review with its cuts, and the approval (four-eyes). */
export function ClaimPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const { poolId = '', municipalityCode = '', claimId = '' } = useParams();
  const { asOf } = useAsOf();
  const { trace, traced, item } = useClaim(poolId, municipalityCode, claimId, asOf);
  const decide = useClaimDecision(poolId, municipalityCode, claimId);
  const [notice, setNotice] = useState('');

  useEffect(() => {
    document.title = `${t('claims.detailTitle', { claimId })} · ${t('app.name')}`;
  }, [claimId, t]);

  const claim = item.data ?? null;
  const readOnly = asOf ? ('asOf.readOnly' as const) : null;
  const approve = claim ? approveClaimAction(user, claim) : ({ kind: 'hidden' } as const);
  const error = trace.error ?? item.error;

  return (
    <section aria-labelledby="claim-title">
      <p className="breadcrumbs">
        <Link to={claimsPath(null, asOf)}>{t('claims.back')}</Link>
      </p>
      <div className="page-head">
        <h1 id="claim-title">
          {t('claims.detailTitle', { claimId })}{' '}
          <span className="sub">
            {poolId} · {municipalityCode}
          </span>
        </h1>
        <LiveStatus updatedAt={Math.max(trace.dataUpdatedAt, item.dataUpdatedAt)} fetching={trace.isFetching || item.isFetching} stale={(trace.isError || item.isError) && trace.data !== undefined} />
      </div>

      {decide.error && <ErrorBanner error={toApiError(decide.error)} onDismiss={() => decide.reset()} />}
      {error && <ErrorBanner error={toApiError(error)} />}
      <Notice text={notice} />

      {(trace.isPending || (traced && item.isPending)) && !error && <p>{t('app.loading')}</p>}
      {trace.data && !traced && <p>{t('claims.notFound')}</p>}
      {traced && claim && (
        <>
          <ClaimFacts claim={claim} />

          <section aria-labelledby="claim-expenses-title" className="card">
            <h2 id="claim-expenses-title">{t('claims.expensesCaption')}</h2>
            <ClaimExpenses expenses={withReview(traced.expenses, claim)} poolId={poolId} code={municipalityCode} asOf={asOf} />
          </section>

          {claim.reviewedBy && (
            <section aria-labelledby="cuts-title" className="card">
              <h2 id="cuts-title">{t('claims.cutsTitle')}</h2>
              {claim.cuts.length === 0 ? <p data-testid="no-cuts">{t('claims.noCuts')}</p> : <Cuts cuts={claim.cuts} />}
            </section>
          )}

          {canReviewClaim(user, claim) && (
            <ReviewForm
              claimId={claimId}
              expenses={traced.expenses}
              readOnly={readOnly}
              busy={decide.isPending}
              onReview={(review) => {
                setNotice('');
                decide.mutate({ kind: 'review', review }, { onSuccess: () => setNotice(t('claims.reviewed', { claimId })) });
              }}
            />
          )}

          {approve.kind !== 'hidden' && (
            <div className="card decision-card">
              <ActionButton
                primary
                label={t('claims.approve', { claimId })}
                busy={decide.isPending}
                disabledReason={readOnly ?? (approve.kind === 'disabled' ? approve.reason : null)}
                onClick={() => {
                  setNotice('');
                  decide.mutate({ kind: 'approve' }, { onSuccess: () => setNotice(t('claims.approvedNotice', { claimId })) });
                }}
              />
            </div>
          )}
        </>
      )}
    </section>
  );
}

/**
 * The ledger sets an expense's approved amount when the claim is approved; until then the review's cuts say it: a cut
 * expense is approved for what the cut leaves, every other expense of a reviewed claim in full.
 */
function withReview(expenses: TracedExpense[], claim: ClaimItem): TracedExpense[] {
  if (!claim.reviewedBy) return expenses;
  return expenses.map((e) => {
    const cut = claim.cuts.find((c) => c.courseId === e.courseId && c.expenseId === e.expenseId);
    return { ...e, approvedOre: e.approvedOre ?? cut?.approvedOre ?? e.amountOre, cutReason: e.cutReason ?? cut?.reason ?? null };
  });
}

function ClaimFacts({ claim }: { claim: ClaimItem }) {
  const { t } = useTranslation();
  const person = (name: string | null, at: string | null) => (name ? t('claims.reviewedAt', { person: name, time: formatInstant(at) }) : t('claims.notYet'));
  return (
    <dl className="facts" aria-label={t('claims.facts')}>
      <Fact label={t('claims.status')} testId="claim-status">
        <span className={`badge ${claim.status === 'approved' ? 'badge-success' : 'badge-warning'}`}>{t(`claimStatus.${claim.status}`)}</span>
      </Fact>
      <Fact label={t('claims.budgetYear')}>{claim.budgetYear}</Fact>
      <Fact label={t('claims.kind')}>{t(`claimKind.${claim.kind}`)}</Fact>
      <Fact label={t('claims.claimedAt')}>{formatInstant(claim.claimedAt)}</Fact>
      <Fact label={t('claims.eligible')} testId="claim-eligible">
        {formatOre(claim.eligibleOre)}
      </Fact>
      <Fact label={t('claims.rate')}>{t('claims.rateValue', { percent: (claim.refundRateBasisPoints / 100).toLocaleString('da-DK') })}</Fact>
      <Fact label={t('claims.refundBeforeCap')}>{formatOre(claim.refundBeforeCapOre)}</Fact>
      <Fact label={t('claims.commitment')}>{formatOre(claim.commitmentOre)}</Fact>
      <Fact label={t('claims.cap')}>{t(claim.cap === 'rate' ? 'claims.capRate' : 'claims.capCommitment')}</Fact>
      <Fact label={t('claims.claimedRefund')} testId="claim-claimed">
        {formatOre(claim.claimedRefundOre)}
      </Fact>
      <Fact label={t('claims.reviewedBy')} testId="claim-reviewed-by">
        {person(claim.reviewedBy, claim.reviewedAt)}
      </Fact>
      <Fact label={t('claims.approvedEligible')} testId="claim-approved-eligible">
        {formatOre(claim.approvedEligibleOre)}
      </Fact>
      <Fact label={t('claims.approvedBy')} testId="claim-approved-by">
        {claim.approvedBy ?? t('claims.notYet')}
      </Fact>
      <Fact label={t('claims.approvedRefund')} testId="claim-approved-refund">
        {formatOre(claim.approvedRefundOre)}
      </Fact>
    </dl>
  );
}

function ClaimExpenses({ expenses, poolId, code, asOf }: { expenses: TracedExpense[]; poolId: string; code: string; asOf: string | null }) {
  const { t, i18n } = useTranslation();
  const key = (e: TracedExpense) => `${e.courseId}/${e.expenseId}`;
  const columns: Column<TracedExpense>[] = [
    { id: 'expenseId', header: t('claims.expenseId'), rowHeader: true, value: (e) => e.expenseId, cell: (e) => <span className="mono">{e.expenseId}</span> },
    {
      id: 'course',
      header: t('claims.course'),
      value: (e) => e.courseId,
      cell: (e) => (
        <Link to={coursePath(poolId, code, e.courseId, asOf)} className="mono">
          {e.courseId}
        </Link>
      ),
    },
    { id: 'category', header: t('claims.category'), value: (e) => (e.category ? (i18n.exists(`expenseCategory.${e.category}`) ? t(`expenseCategory.${e.category}`) : e.category) : '') },
    { id: 'incurredOn', header: t('claims.incurredOn'), value: (e) => e.incurredOn ?? '', cell: (e) => (e.incurredOn ? formatDate(e.incurredOn) : '—') },
    { id: 'amount', header: t('claims.amount'), numeric: true, value: (e) => Number(e.amountOre), cell: (e) => <span data-testid={`amount-${key(e)}`}>{formatOre(e.amountOre)}</span>, csv: (e) => oreForCsv(e.amountOre) },
    {
      id: 'approved',
      header: t('claims.approved'),
      numeric: true,
      value: (e) => Number(e.approvedOre ?? 0),
      cell: (e) => <span data-testid={`approved-${key(e)}`}>{formatOre(e.approvedOre)}</span>,
      csv: (e) => oreForCsv(e.approvedOre),
    },
    { id: 'cutReason', header: t('claims.cutReason'), value: (e) => e.cutReason ?? '', cell: (e) => <span data-testid={`cut-reason-${key(e)}`}>{e.cutReason ?? ''}</span> },
  ];
  return <DataTable caption={t('claims.expensesCaption')} rows={expenses} columns={columns} rowId={key} />;
}

function Cuts({ cuts }: { cuts: ClaimItem['cuts'] }) {
  const { t } = useTranslation();
  const columns: Column<ClaimItem['cuts'][number]>[] = [
    { id: 'expenseId', header: t('claims.expenseId'), rowHeader: true, value: (c) => c.expenseId, cell: (c) => <span className="mono">{c.expenseId}</span> },
    { id: 'course', header: t('claims.course'), value: (c) => c.courseId },
    { id: 'amount', header: t('claims.amount'), numeric: true, value: (c) => c.amountOre, cell: (c) => formatOre(c.amountOre), csv: (c) => oreForCsv(c.amountOre) },
    { id: 'approved', header: t('claims.approved'), numeric: true, value: (c) => c.approvedOre, cell: (c) => formatOre(c.approvedOre), csv: (c) => oreForCsv(c.approvedOre) },
    { id: 'reason', header: t('claims.cutReason'), value: (c) => c.reason },
  ];
  return <DataTable caption={t('claims.cutsCaption')} rows={cuts} columns={columns} rowId={(c) => `${c.courseId}/${c.expenseId}`} />;
}
