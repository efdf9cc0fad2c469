import { useTranslation } from 'react-i18next';
import { Fact } from '../../components/Fact';
import { formatOre } from '../../lib/money';
import { formatDate, formatInstant } from '../../lib/time';
import type { LedgerTrace, TraceClaim, TraceExpense } from './api';

const anchor = (claimId: string) => `claim-${claimId.replace(/[^A-Za-z0-9_-]/g, '_')}`;

/** The evidence trail: each payment leads to the claims it paid, each claim to its expenses, each expense to its
 * course and the course to the employer's declaration — every step expandable, every claim reachable by a link. */
export function EvidenceTrail({ trace }: { trace: LedgerTrace }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="trail-title" className="card">
      <h2 id="trail-title">{t('ledger.trail')}</h2>
      <p className="muted">{t('ledger.trailIntro')}</p>
      <h3>{t('ledger.payments')}</h3>
      {trace.payments.length === 0 ? (
        <p>{t('ledger.noPayments')}</p>
      ) : (
        <ul className="trail" aria-label={t('ledger.payments')}>
          {trace.payments.map((p) => (
            <li key={p.reference} data-testid={`trail-payment-${p.reference}`}>
              <details className="details" open>
                <summary className="details-summary">{t('ledger.paymentSummary', { reference: p.reference, amount: formatOre(p.amountOre), date: formatDate(p.runDate) })}</summary>
                <div className="details-text">
                  <p>{t('ledger.paidAt', { time: formatInstant(p.paidAt) })}</p>
                  <ul aria-label={t('ledger.claimsPaid')}>
                    {p.claims.map((c) => (
                      <li key={c.claimId}>
                        <a href={`#${anchor(c.claimId)}`} data-testid={`trail-payment-claim-${p.reference}-${c.claimId}`}>
                          {t('ledger.paysClaim', { claimId: c.claimId, amount: formatOre(c.amountOre) })}
                        </a>
                      </li>
                    ))}
                  </ul>
                </div>
              </details>
            </li>
          ))}
        </ul>
      )}
      <h3>{t('ledger.claims')}</h3>
      {trace.claims.length === 0 ? <p>{t('ledger.noClaims')}</p> : trace.claims.map((claim) => <ClaimStep key={claim.claimId} claim={claim} />)}
    </section>
  );
}

function ClaimStep({ claim }: { claim: TraceClaim }) {
  const { t } = useTranslation();
  return (
    <details className="details trail-claim" id={anchor(claim.claimId)} data-testid={`trail-claim-${claim.claimId}`} open>
      <summary className="details-summary">
        {t('ledger.claimSummary', { claimId: claim.claimId, kind: t(`ledger.kind.${claim.kind}`), year: claim.budgetYear, status: t(`ledger.claimStatus.${claim.status}`, { defaultValue: claim.status }) })}
      </summary>
      <div className="details-text">
        <dl className="facts">
          <Fact label={t('ledger.claimed')} testId={`trail-claimed-${claim.claimId}`}>
            {formatOre(claim.claimedRefundOre)}
          </Fact>
          <Fact label={t('ledger.approved')} testId={`trail-approved-${claim.claimId}`}>
            {formatOre(claim.approvedRefundOre)}
          </Fact>
          <Fact label={t('ledger.paid')} testId={`trail-paid-${claim.claimId}`}>
            {formatOre(claim.paidOre)}
          </Fact>
          <Fact label={t('ledger.upTo')}>{formatDate(claim.upTo)}</Fact>
        </dl>
        <ul aria-label={t('ledger.expenses')}>
          {claim.expenses.map((e) => (
            <li key={`${e.courseId}/${e.expenseId}`}>
              <ExpenseStep claimId={claim.claimId} expense={e} />
            </li>
          ))}
        </ul>
      </div>
    </details>
  );
}

function ExpenseStep({ claimId, expense: e }: { claimId: string; expense: TraceExpense }) {
  const { t } = useTranslation();
  const id = `${claimId}-${e.courseId}-${e.expenseId}`;
  const declaration = e.course?.employerDeclaration;
  return (
    <details className="details" data-testid={`trail-expense-${id}`}>
      <summary className="details-summary">
        {t('ledger.expenseSummary', { expenseId: e.expenseId, amount: formatOre(e.amountOre), approved: formatOre(e.approvedOre), category: e.category ?? '—' })}
      </summary>
      <div className="details-text">
        <p>
          {t('ledger.invoice', { invoice: e.invoiceRef ?? '—', date: e.incurredOn ? formatDate(e.incurredOn) : '—' })}
          {e.cutReason && <span className="sub">{t('ledger.cutReason', { reason: e.cutReason })}</span>}
        </p>
        {e.course ? (
          <details className="details" data-testid={`trail-course-${id}`}>
            <summary className="details-summary">{t('ledger.courseSummary', { courseId: e.course.courseId, title: e.course.title, date: formatDate(e.course.startDate), status: t(`ledger.courseStatus.${e.course.status}`, { defaultValue: e.course.status }) })}</summary>
            <div className="details-text">
              {declaration && (
                <dl className="calendar" aria-label={t('ledger.declaration')} data-testid={`trail-declaration-${id}`}>
                  {(
                    [
                      [t('ledger.employer'), t('ledger.employerValue', { name: declaration.employerName, cvr: declaration.cvr })],
                      [t('ledger.jobTitle'), t('ledger.jobValue', { title: declaration.jobTitle, area: declaration.rarArea })],
                      [t('ledger.signedOn'), formatDate(declaration.signedOn)],
                      [t('ledger.employmentStart'), formatDate(declaration.expectedEmploymentStart)],
                      [t('ledger.wageSubsidy'), t(declaration.withoutWageSubsidy ? 'ledger.withoutSubsidy' : 'ledger.withSubsidy')],
                    ] as const
                  ).map(([label, value]) => (
                    <div key={label} className="calendar__row">
                      <dt>{label}</dt>
                      <dd>{value}</dd>
                    </div>
                  ))}
                </dl>
              )}
            </div>
          </details>
        ) : (
          <p>{t('ledger.noCourse')}</p>
        )}
      </div>
    </details>
  );
}
