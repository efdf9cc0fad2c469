import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ActionButton } from '../../components/ActionButton';
import { DataTable, type Column } from '../../components/DataTable';
import { ErrorBanner } from '../../components/ErrorBanner';
import { MoneyScreenHead } from '../../components/MoneyScreenHead';
import { Notice } from '../../components/Notice';
import { useAsOf } from '../../hooks/useAsOf';
import { useSession } from '../../hooks/useSession';
import { toApiError } from '../../lib/api';
import { oreForCsv } from '../../lib/csv';
import { canPrepareRepayment, confirmRepaymentAction } from '../../lib/money-permissions';
import { formatOre } from '../../lib/money';
import { copenhagenDay, formatDate, formatInstant, formatInstantNumeric } from '../../lib/time';
import { useRepaymentDecision, useRepaymentDemands, useSettlements, type RepaymentDemand, type Settlement } from './api';
import { RepaymentForm } from './RepaymentForm';

type Demand = RepaymentDemand & { municipalityCode: string };
type Receipt = Demand['receipts'][number] & { municipalityCode: string; budgetYear: number };

/** Each budget year's settlement per municipality, the repayments demanded and received, and recording one received. */
export function SettlementsPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const { poolId = '' } = useParams();
  const { asOf } = useAsOf();
  const settlements = useSettlements(poolId, asOf);
  const items = settlements.data?.items ?? [];
  const codes = [...new Set(items.filter((s) => s.repaymentOre > 0).map((s) => s.municipalityCode))];
  const { demands, error: demandsError } = useRepaymentDemands(poolId, codes, asOf);
  const decide = useRepaymentDecision(poolId);
  const [notice, setNotice] = useState('');
  useEffect(() => {
    document.title = `${t('settlements.title')} · ${poolId} · ${t('app.name')}`;
  }, [poolId, t]);

  const readOnly = asOf ? ('asOf.readOnly' as const) : null;
  const search = asOf ? `?asOf=${encodeURIComponent(asOf)}` : '';
  const ledgerLink = (code: string) => <Link to={`/puljer/${encodeURIComponent(poolId)}/kommuner/${code}${search}`}>{t('money.municipalityLink', { code })}</Link>;
  const ore = <T extends { municipalityCode: string; budgetYear: number }>(id: string, header: string, pick: (r: T) => number | null): Column<T> => ({
    id,
    header,
    numeric: true,
    value: (r) => pick(r) ?? 0,
    cell: (r) => <span data-testid={`${id}-${r.municipalityCode}-${r.budgetYear}`}>{formatOre(pick(r))}</span>,
    csv: (r) => oreForCsv(pick(r)),
  });
  const settlementColumns: Column<Settlement>[] = [
    { id: 'municipality', header: t('money.municipality'), rowHeader: true, value: (s) => s.municipalityCode, cell: (s) => ledgerLink(s.municipalityCode) },
    { id: 'budgetYear', header: t('settlements.budgetYear'), value: (s) => s.budgetYear },
    ore<Settlement>('approved', t('settlements.approved'), (s) => s.approvedRefundOre),
    ore<Settlement>('paid', t('settlements.paid'), (s) => s.paidOre),
    ore<Settlement>('owed', t('settlements.owed'), (s) => s.owedOre),
    ore<Settlement>('repayment', t('settlements.repayment'), (s) => s.repaymentOre),
    { id: 'settledAt', header: t('settlements.settledAt'), value: (s) => s.settledAt, cell: (s) => formatDate(copenhagenDay(new Date(s.settledAt))), csv: (s) => formatInstantNumeric(s.settledAt) },
    {
      id: 'demand',
      header: t('settlements.demandState'),
      value: (s) => s.demand.state,
      csv: (s) => t(`settlements.demand.${s.demand.state}`),
      cell: (s) => (
        <>
          {t(`settlements.demand.${s.demand.state}`)}
          {s.demand.receivedOre > 0 && <span className="sub">{t('settlements.receivedSoFar', { amount: formatOre(s.demand.receivedOre) })}</span>}
        </>
      ),
    },
  ];

  const decideFor = (demand: Demand, label: string) => (decision: Parameters<typeof decide.mutate>[0]) => {
    setNotice('');
    decide.mutate(decision, { onSuccess: () => setNotice(t(decision.kind === 'prepare' ? 'settlements.preparedNotice' : 'settlements.confirmedNotice', { label, year: demand.budgetYear })) });
  };
  const demandColumns: Column<Demand>[] = [
    { id: 'municipality', header: t('money.municipality'), rowHeader: true, value: (d) => d.municipalityCode, cell: (d) => ledgerLink(d.municipalityCode) },
    { id: 'budgetYear', header: t('settlements.budgetYear'), value: (d) => d.budgetYear },
    ore<Demand>('demand-amount', t('settlements.demanded'), (d) => d.amountOre),
    ore<Demand>('demand-received', t('settlements.received'), (d) => d.receivedOre),
    ore<Demand>('demand-outstanding', t('settlements.outstanding'), (d) => d.outstandingOre),
    { id: 'demandedAt', header: t('settlements.demandedAt'), value: (d) => d.demandedAt, cell: (d) => formatInstant(d.demandedAt), csv: (d) => formatInstantNumeric(d.demandedAt) },
    {
      id: 'pending',
      header: t('settlements.pending'),
      value: (d) => d.pendingReceipt?.amountOre ?? 0,
      csv: (d) => (d.pendingReceipt ? oreForCsv(d.pendingReceipt.amountOre) : ''),
      cell: (d) => (
        <span data-testid={`demand-pending-${d.municipalityCode}-${d.budgetYear}`}>
          {d.pendingReceipt ? t('settlements.pendingBy', { amount: formatOre(d.pendingReceipt.amountOre), person: d.pendingReceipt.preparedBy, reference: d.pendingReceipt.reference }) : '—'}
        </span>
      ),
    },
    {
      id: 'actions',
      header: t('payouts.actions'),
      sortable: false,
      value: () => '',
      csv: () => '',
      cell: (d) => {
        const label = t('settlements.of', { code: d.municipalityCode, year: d.budgetYear });
        const confirm = confirmRepaymentAction(user, d.pendingReceipt);
        return confirm.kind === 'hidden' ? null : (
          <ActionButton
            primary
            label={t('settlements.confirm', { label })}
            busy={decide.isPending}
            disabledReason={readOnly ?? (confirm.kind === 'disabled' ? confirm.reason : null)}
            onClick={() => decideFor(d, label)({ kind: 'confirm', code: d.municipalityCode, budgetYear: d.budgetYear })}
          />
        );
      },
    },
  ];
  const receipts: Receipt[] = demands.flatMap((d) => d.receipts.map((r) => ({ ...r, municipalityCode: d.municipalityCode, budgetYear: d.budgetYear })));
  const receiptColumns: Column<Receipt>[] = [
    { id: 'municipality', header: t('money.municipality'), rowHeader: true, value: (r) => r.municipalityCode, cell: (r) => ledgerLink(r.municipalityCode) },
    { id: 'budgetYear', header: t('settlements.budgetYear'), value: (r) => r.budgetYear },
    ore<Receipt>('amount', t('settlements.amountHeader'), (r) => r.amountOre),
    { id: 'receivedOn', header: t('settlements.receivedOn'), value: (r) => r.receivedOn, cell: (r) => formatDate(r.receivedOn) },
    { id: 'reference', header: t('settlements.reference'), value: (r) => r.reference },
    { id: 'preparedBy', header: t('payouts.preparedBy'), value: (r) => r.preparedBy },
    { id: 'confirmedBy', header: t('settlements.confirmedBy'), value: (r) => r.confirmedBy },
  ];

  return (
    <section aria-labelledby="settlements-title">
      <MoneyScreenHead
        id="settlements-title"
        title={t('settlements.title')}
        back={{ to: `/puljer/${encodeURIComponent(poolId)}${search}`, label: t('money.toPool', { poolId }) }}
        asOf={asOf ?? (settlements.dataUpdatedAt ? new Date(settlements.dataUpdatedAt).toISOString() : null)}
        query={settlements}
      />
      {decide.error && <ErrorBanner error={toApiError(decide.error)} onDismiss={() => decide.reset()} />}
      {settlements.error && <ErrorBanner error={toApiError(settlements.error)} />}
      {demandsError && <ErrorBanner error={toApiError(demandsError)} />}
      <Notice text={notice} />
      {!settlements.data && !settlements.error && <p>{t('app.loading')}</p>}
      {settlements.data && (
        <>
          <DataTable caption={t('settlements.caption')} rows={items} columns={settlementColumns} rowId={(s) => `${s.municipalityCode}-${s.budgetYear}`} csvName={`afregning-${poolId}`} />
          <section aria-labelledby="demands-title" className="card">
            <h2 id="demands-title">{t('settlements.demands')}</h2>
            {demands.length === 0 ? (
              <p>{t('settlements.noDemands')}</p>
            ) : (
              <DataTable caption={t('settlements.demands')} rows={demands} columns={demandColumns} rowId={(d) => `${d.municipalityCode}-${d.budgetYear}`} csvName={`tilbagebetalinger-${poolId}`} />
            )}
            {demands
              .filter((d) => canPrepareRepayment(user, d))
              .map((d) => {
                const label = t('settlements.of', { code: d.municipalityCode, year: d.budgetYear });
                return (
                  <RepaymentForm
                    // A new receipt (prepared or confirmed) clears the form.
                    key={`${d.municipalityCode}-${d.budgetYear}-${d.pendingReceipt?.preparedAt ?? ''}-${d.receivedOre}`}
                    label={t('settlements.prepare', { label })}
                    busy={decide.isPending}
                    readOnly={readOnly}
                    onSubmit={(receipt) => decideFor(d, label)({ kind: 'prepare', code: d.municipalityCode, budgetYear: d.budgetYear, receipt })}
                  />
                );
              })}
          </section>
          <section aria-labelledby="receipts-title" className="card">
            <h2 id="receipts-title">{t('settlements.receipts')}</h2>
            {receipts.length === 0 ? (
              <p>{t('settlements.noReceipts')}</p>
            ) : (
              <DataTable caption={t('settlements.receipts')} rows={receipts} columns={receiptColumns} rowId={(r) => `${r.municipalityCode}-${r.budgetYear}-${r.reference}-${r.confirmedAt}`} csvName={`indbetalinger-${poolId}`} />
            )}
          </section>
        </>
      )}
    </section>
  );
}
