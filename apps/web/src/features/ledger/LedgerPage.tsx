import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { DataTable, type Column } from '../../components/DataTable';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Fact } from '../../components/Fact';
import { MoneyScreenHead } from '../../components/MoneyScreenHead';
import { useAsOf } from '../../hooks/useAsOf';
import { useSession } from '../../hooks/useSession';
import { toApiError } from '../../lib/api';
import { oreForCsv } from '../../lib/csv';
import { formatOre } from '../../lib/money';
import { formatDate, formatInstant, formatInstantNumeric } from '../../lib/time';
import { trailRows, useLedgerTrace, type TracePayment, type TrailRow } from './api';
import { EvidenceTrail } from './EvidenceTrail';

const FIGURES = ['expensesOre', 'claimedRefundOre', 'approvedRefundOre', 'paidOre', 'repaymentDemandedOre', 'repaidOre', 'lapsedOre', 'remainingCommitmentOre'] as const;

/** One municipality's money in a pool: its figures, its payments and the evidence trail behind each. */
export function LedgerPage() {
  const { t } = useTranslation();
  const { api } = useSession();
  const { poolId = '', code = '' } = useParams();
  const { asOf } = useAsOf();
  const trace = useLedgerTrace(poolId, code, asOf);
  // The municipality's name, from the overview the pool page shares (same cache entry).
  const overview = useQuery({ queryKey: ['overview', poolId, asOf], queryFn: ({ signal }) => api.getOverview(poolId, asOf, signal) });
  const name = overview.data?.municipalities.find((m) => m.municipalityCode === code)?.name ?? code;
  useEffect(() => {
    document.title = `${t('ledger.title', { name })} · ${poolId} · ${t('app.name')}`;
  }, [name, poolId, t]);

  const search = asOf ? `?asOf=${encodeURIComponent(asOf)}` : '';
  const data = trace.data;
  const paymentColumns: Column<TracePayment>[] = [
    { id: 'reference', header: t('payouts.reference'), rowHeader: true, value: (p) => p.reference, cell: (p) => <span className="mono">{p.reference}</span> },
    {
      id: 'runDate',
      header: t('payouts.runDate'),
      value: (p) => p.runDate,
      cell: (p) => <Link to={`/puljer/${encodeURIComponent(poolId)}/udbetalinger/${p.runDate}${search}`}>{formatDate(p.runDate)}</Link>,
    },
    { id: 'amount', header: t('payouts.amount'), numeric: true, value: (p) => p.amountOre, cell: (p) => <span data-testid={`payment-amount-${p.reference}`}>{formatOre(p.amountOre)}</span>, csv: (p) => oreForCsv(p.amountOre) },
    { id: 'paidAt', header: t('payouts.paidAt'), value: (p) => p.paidAt, cell: (p) => formatInstant(p.paidAt), csv: (p) => formatInstantNumeric(p.paidAt) },
    { id: 'claims', header: t('payouts.claims'), value: (p) => p.claims.map((c) => c.claimId).join(', ') },
  ];
  const trailColumns: Column<TrailRow>[] = [
    { id: 'reference', header: t('ledger.payment'), value: (r) => r.reference ?? '', cell: (r) => (r.reference ? <span className="mono">{r.reference}</span> : t('ledger.notPaid')) },
    { id: 'claim', header: t('ledger.claim'), value: (r) => r.claimId },
    { id: 'expense', header: t('ledger.expense'), rowHeader: true, value: (r) => `${r.expense.courseId}/${r.expense.expenseId}` },
    { id: 'amount', header: t('ledger.expenseAmount'), numeric: true, value: (r) => r.expense.amountOre, cell: (r) => formatOre(r.expense.amountOre), csv: (r) => oreForCsv(r.expense.amountOre) },
    { id: 'approved', header: t('ledger.expenseApproved'), numeric: true, value: (r) => r.expense.approvedOre ?? 0, cell: (r) => formatOre(r.expense.approvedOre), csv: (r) => oreForCsv(r.expense.approvedOre) },
    { id: 'course', header: t('ledger.course'), value: (r) => r.expense.course?.title ?? '' },
    { id: 'employer', header: t('ledger.employer'), value: (r) => r.expense.course?.employerDeclaration.employerName ?? '' },
    { id: 'cvr', header: t('ledger.cvr'), value: (r) => r.expense.course?.employerDeclaration.cvr ?? '' },
  ];

  return (
    <section aria-labelledby="ledger-title">
      <MoneyScreenHead
        id="ledger-title"
        title={t('ledger.title', { name })}
        back={{ to: `/puljer/${encodeURIComponent(poolId)}${search}`, label: t('money.toPool', { poolId }) }}
        asOf={asOf ?? (trace.dataUpdatedAt ? new Date(trace.dataUpdatedAt).toISOString() : null)}
        query={trace}
      />
      {trace.error && <ErrorBanner error={toApiError(trace.error)} />}
      {!data && !trace.error && <p>{t('app.loading')}</p>}
      {data && (
        <>
          <dl className="facts" aria-label={t('ledger.figures')}>
            <Fact label={t('ledger.committed')} big testId="figure-committedOre">
              {formatOre(data.committedOre)}
            </Fact>
            {FIGURES.filter((f) => data.figures[f] !== undefined).map((f) => (
              <Fact key={f} label={t(`ledger.figure.${f}`)} testId={`figure-${f}`}>
                {formatOre(data.figures[f])}
              </Fact>
            ))}
          </dl>
          <p>
            <Link to={`/puljer/${encodeURIComponent(poolId)}/afregning${search}`}>{t('ledger.toSettlements')}</Link>
          </p>
          {data.payments.length > 0 && (
            <DataTable caption={t('ledger.payments')} rows={data.payments} columns={paymentColumns} rowId={(p) => p.reference} csvName={`betalinger-${poolId}-${code}`} />
          )}
          <EvidenceTrail trace={data} />
          <DataTable caption={t('ledger.trailTable')} rows={trailRows(data)} columns={trailColumns} rowId={(r) => r.id} csvName={`bevisspor-${poolId}-${code}`} />
        </>
      )}
    </section>
  );
}
