import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { DataTable, type Column } from '../../components/DataTable';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Fact } from '../../components/Fact';
import { LiveStatus } from '../../components/LiveStatus';
import { useAsOf } from '../../hooks/useAsOf';
import { toApiError } from '../../lib/api';
import { oreForCsv } from '../../lib/csv';
import { formatOre } from '../../lib/money';
import { claimPath, coursesPath } from '../../lib/paths';
import { formatDate, formatInstant, formatInstantNumeric } from '../../lib/time';
import { useCourseReport, type CourseClaim, type CourseDecision, type CourseExpense } from './api';
import { CourseStatusBadge, dateForCsv, useLabels } from './labels';

/** One course: every decision with its reasons explained and the versions it was made on, its expenses and claims. */
export function CourseReportPage() {
  const { t } = useTranslation();
  const { poolId = '', municipalityCode = '', courseId = '' } = useParams();
  const { asOf } = useAsOf();
  const course = useCourseReport(poolId, municipalityCode, courseId, asOf);
  const labels = useLabels();

  useEffect(() => {
    document.title = `${t('courses.detailTitle', { courseId })} · ${t('app.name')}`;
  }, [courseId, t]);

  const c = course.data;
  return (
    <section aria-labelledby="course-title">
      <p className="breadcrumbs">
        <Link to={coursesPath(poolId, asOf)}>{t('courses.title')}</Link>
      </p>
      <div className="page-head">
        <h1 id="course-title">
          {t('courses.detailTitle', { courseId })} <span className="sub">{c?.title ?? ''}</span>
        </h1>
        <LiveStatus updatedAt={course.dataUpdatedAt} fetching={course.isFetching} stale={course.isError && c !== undefined} />
      </div>
      {course.error && <ErrorBanner error={toApiError(course.error)} />}
      {!c && !course.error && <p>{t('app.loading')}</p>}
      {c && (
        <>
          <dl className="facts" aria-label={t('courses.facts')}>
            <Fact label={t('courses.status')}>
              <CourseStatusBadge status={c.status} testId="course-status" />
            </Fact>
            <Fact label={t('courses.municipality')}>{c.municipalityCode}</Fact>
            <Fact label={t('courses.targetGroup')}>{c.targetGroup ? labels.targetGroup(c.targetGroup) : '—'}</Fact>
            <Fact label={t('courses.startDate')}>{c.startDate ? formatDate(c.startDate) : '—'}</Fact>
            <Fact label={t('courses.endDate')}>{c.endDate ? formatDate(c.endDate) : '—'}</Fact>
            <Fact label={t('courses.expenses')}>
              <span data-testid="course-expenses">{formatOre(c.expensesOre)}</span>
            </Fact>
          </dl>

          <section aria-labelledby="decisions-title" className="card">
            <h2 id="decisions-title">{t('courses.decisions')}</h2>
            {c.decisions.length === 0 ? <p>{t('courses.noDecisions')}</p> : <Decisions decisions={c.decisions} />}
          </section>

          <section aria-labelledby="expenses-title" className="card">
            <h2 id="expenses-title">{t('courses.expensesCaption')}</h2>
            {c.expenses.length === 0 ? (
              <p>{t('courses.noExpenses')}</p>
            ) : (
              <Expenses expenses={c.expenses} claimLink={(claimId) => claimPath(poolId, municipalityCode, claimId, asOf)} />
            )}
          </section>

          <section aria-labelledby="claims-title" className="card">
            <h2 id="claims-title">{t('courses.claims')}</h2>
            {c.claims.length === 0 ? <p>{t('courses.noClaims')}</p> : <Claims claims={c.claims} claimLink={(claimId) => claimPath(poolId, municipalityCode, claimId, asOf)} />}
          </section>
        </>
      )}
    </section>
  );
}

/** Each decision with every reason code explained in plain language, and the rule set and balance it was made on. */
function Decisions({ decisions }: { decisions: CourseDecision[] }) {
  const { t } = useTranslation();
  const labels = useLabels();
  return (
    <ol className="decisions">
      {decisions.map((d, i) => (
        <li key={`${d.type}-${d.decidedAt}-${i}`} className="decision" data-testid={`decision-${i}`}>
          <p className="decision__head">
            <strong>{labels.decision(d.type)}</strong>{' '}
            <span className={`badge ${d.outcome === 'accepted' ? 'badge-success' : 'badge-error'}`}>{t(`outcome.${d.outcome}`)}</span>{' '}
            <time className="muted" dateTime={d.decidedAt}>
              {formatInstant(d.decidedAt)}
            </time>
          </p>
          {d.reasons.length > 0 && (
            <dl className="reasons" aria-label={t('courses.reasons')}>
              {d.reasons.map((r, j) => (
                <div key={`${r.code}-${j}`} className="reason" data-testid={`reason-${r.code}`}>
                  <dt className="mono">{r.code}</dt>
                  <dd>
                    <span className="reason__plain">{labels.reason(r.code) ?? r.message}</span>
                    <span className="sub">{t('courses.serverMessage', { message: r.message })}</span>
                  </dd>
                </div>
              ))}
            </dl>
          )}
          <p className="decision__basis" data-testid={`basis-${i}`}>
            <span className="decision__basis-label">{t('courses.basis')}: </span>
            {d.basis ? (
              <>
                {t('courses.ruleSet', { version: d.basis.poolDefinitionVersion, amendments: d.basis.poolAmendments })}
                {' · '}
                {d.basis.balanceVersion
                  ? t('courses.balance', { version: d.basis.balanceVersion, halfYear: d.basis.balanceHalfYear ?? '—', status: d.basis.shortageStatus ?? '—' })
                  : t('courses.noBalance')}
              </>
            ) : (
              t('courses.noBasis')
            )}
          </p>
        </li>
      ))}
    </ol>
  );
}

function Expenses({ expenses, claimLink }: { expenses: CourseExpense[]; claimLink: (claimId: string) => string }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const columns: Column<CourseExpense>[] = [
    { id: 'expenseId', header: t('courses.expenseId'), rowHeader: true, value: (e) => e.expenseId, cell: (e) => <span className="mono">{e.expenseId}</span> },
    { id: 'category', header: t('courses.category'), value: (e) => labels.category(e.category) },
    { id: 'incurredOn', header: t('courses.incurredOn'), value: (e) => e.incurredOn, cell: (e) => formatDate(e.incurredOn), csv: (e) => dateForCsv(e.incurredOn) },
    { id: 'budgetYear', header: t('courses.budgetYear'), value: (e) => e.budgetYear },
    { id: 'amount', header: t('courses.amount'), numeric: true, value: (e) => Number(e.amountOre), cell: (e) => <span data-testid={`expense-${e.expenseId}`}>{formatOre(e.amountOre)}</span>, csv: (e) => oreForCsv(e.amountOre) },
    {
      id: 'claims',
      header: t('courses.coveredBy'),
      value: (e) => e.claimIds.join(', '),
      cell: (e) => (
        <span className="links">
          {e.claimIds.map((id) => (
            <Link key={id} to={claimLink(id)} className="mono">
              {id}
            </Link>
          ))}
        </span>
      ),
    },
  ];
  return <DataTable caption={t('courses.expensesCaption')} rows={expenses} columns={columns} rowId={(e) => e.expenseId} />;
}

function Claims({ claims, claimLink }: { claims: CourseClaim[]; claimLink: (claimId: string) => string }) {
  const { t } = useTranslation();
  const columns: Column<CourseClaim>[] = [
    {
      id: 'claimId',
      header: t('claims.claimId'),
      rowHeader: true,
      value: (c) => c.claimId,
      cell: (c) => (
        <Link to={claimLink(c.claimId)} className="mono">
          {c.claimId}
        </Link>
      ),
    },
    { id: 'status', header: t('claims.status'), value: (c) => t(`claimStatus.${c.status}`) },
    { id: 'budgetYear', header: t('claims.budgetYear'), value: (c) => c.budgetYear },
    { id: 'kind', header: t('claims.kind'), value: (c) => t(`claimKind.${c.kind}`) },
    { id: 'claimedAt', header: t('claims.claimedAt'), value: (c) => c.claimedAt, cell: (c) => formatInstant(c.claimedAt), csv: (c) => formatInstantNumeric(c.claimedAt) },
    { id: 'claimedRefund', header: t('claims.claimedRefund'), numeric: true, value: (c) => Number(c.claimedRefundOre), cell: (c) => formatOre(c.claimedRefundOre), csv: (c) => oreForCsv(c.claimedRefundOre) },
    {
      id: 'approvedRefund',
      header: t('claims.approvedRefund'),
      numeric: true,
      value: (c) => Number(c.approvedRefundOre ?? 0),
      cell: (c) => formatOre(c.approvedRefundOre),
      csv: (c) => oreForCsv(c.approvedRefundOre),
    },
  ];
  return <DataTable caption={t('courses.claimsCaption')} rows={claims} columns={columns} rowId={(c) => c.claimId} />;
}
