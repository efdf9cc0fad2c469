import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { DataTable, type Column } from '../../components/DataTable';
import { ErrorBanner } from '../../components/ErrorBanner';
import { LiveStatus } from '../../components/LiveStatus';
import { useAsOf } from '../../hooks/useAsOf';
import { useSession } from '../../hooks/useSession';
import { toApiError, type AuditEntry, type AuditFilter } from '../../lib/api';
import { formatInstant, formatInstantNumeric } from '../../lib/time';
import { AUDIT_KINDS, describeWhat } from './what';

const REFRESH_MS = 5000;
const PAGE = 200;
const FILTERS = ['poolId', 'municipalityCode', 'person', 'kind'] as const;
type FilterName = (typeof FILTERS)[number];

/** Every staff decision: who, when, what and under which rule-set version; filtered through the URL, exported to CSV. */
export function AuditPage() {
  const { t } = useTranslation();
  const { api } = useSession();
  const { asOf } = useAsOf();
  const [params, setParams] = useSearchParams();
  const filter: AuditFilter = Object.fromEntries(FILTERS.map((f) => [f, params.get(f) ?? undefined]).filter(([, v]) => v));
  const [draft, setDraft] = useState<Record<FilterName, string>>(() => Object.fromEntries(FILTERS.map((f) => [f, params.get(f) ?? ''])) as Record<FilterName, string>);
  const trail = useInfiniteQuery({
    queryKey: ['audit', filter, asOf],
    queryFn: ({ pageParam, signal }) => api.auditTrail({ ...filter, limit: PAGE, after: pageParam ?? undefined }, asOf, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next,
    refetchInterval: asOf ? false : REFRESH_MS,
  });

  useEffect(() => {
    document.title = `${t('audit.title')} · ${t('app.name')}`;
  }, [t]);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      for (const f of FILTERS) {
        const value = draft[f].trim();
        if (value) next.set(f, value);
        else next.delete(f);
      }
      return next;
    });
  }

  const kindLabel = (kind: string) => t(`auditKind.${kind}`, { defaultValue: kind });
  const rows = trail.data?.pages.flatMap((p) => p.items) ?? [];
  const columns: Column<AuditEntry>[] = [
    { id: 'decidedAt', header: t('audit.decidedAt'), value: (e) => e.decidedAt, cell: (e) => <time dateTime={e.decidedAt}>{formatInstant(e.decidedAt)}</time>, csv: (e) => formatInstantNumeric(e.decidedAt) },
    { id: 'person', header: t('audit.person'), value: (e) => e.person, cell: (e) => <span className="mono">{e.person}</span> },
    { id: 'kind', header: t('audit.kind'), value: (e) => kindLabel(e.kind), rowHeader: true, cell: (e) => <span data-kind={e.kind}>{kindLabel(e.kind)}</span> },
    { id: 'pool', header: t('audit.pool'), value: (e) => e.poolId, cell: (e) => <span className="mono">{e.poolId}</span> },
    { id: 'municipality', header: t('audit.municipality'), value: (e) => e.municipalityCode ?? '', cell: (e) => <span className="mono">{e.municipalityCode ?? '—'}</span> },
    { id: 'what', header: t('audit.what'), value: (e) => describeWhat(e, t), sortable: false },
    { id: 'ruleSet', header: t('audit.ruleSet'), value: (e) => e.ruleSet.version * 1000 + e.ruleSet.amendments, cell: (e) => t('audit.ruleSetValue', { version: e.ruleSet.version, amendments: e.ruleSet.amendments }), csv: (e) => t('audit.ruleSetValue', { version: e.ruleSet.version, amendments: e.ruleSet.amendments }) },
    { id: 'seq', header: t('audit.seq'), value: (e) => Number(e.seq), numeric: true, cell: (e) => <span className="mono">{e.seq}</span> },
  ];

  return (
    <section aria-labelledby="audit-title">
      <div className="page-head">
        <h1 id="audit-title">{t('audit.title')}</h1>
        <LiveStatus updatedAt={trail.dataUpdatedAt} fetching={trail.isFetching} stale={trail.isError && trail.data !== undefined} />
      </div>
      <p className="font-lead">{t('audit.intro')}</p>
      <form className="card" onSubmit={submit} aria-labelledby="audit-filter-title">
        <h2 id="audit-filter-title">{t('audit.filters')}</h2>
        <div className="form-row">
          {(['poolId', 'municipalityCode', 'person'] as const).map((f) => (
            <div className="form-group" key={f}>
              <label className="form-label" htmlFor={`audit-${f}`}>
                {t(`audit.filter.${f}`)}
              </label>
              <input id={`audit-${f}`} className="form-input" value={draft[f]} onChange={(e) => setDraft({ ...draft, [f]: e.target.value })} />
            </div>
          ))}
          <div className="form-group">
            <label className="form-label" htmlFor="audit-kind">
              {t('audit.filter.kind')}
            </label>
            <select id="audit-kind" className="form-select" value={draft.kind} onChange={(e) => setDraft({ ...draft, kind: e.target.value })}>
              <option value="">{t('audit.allKinds')}</option>
              {AUDIT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {kindLabel(k)}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button button-secondary">
            {t('audit.apply')}
          </button>
        </div>
      </form>
      {trail.error && <ErrorBanner error={toApiError(trail.error)} />}
      {!trail.data && !trail.error && <p>{t('app.loading')}</p>}
      {trail.data && <DataTable caption={t('audit.caption')} rows={rows} columns={columns} rowId={(e) => e.seq} csvName="revisionsspor" />}
      {trail.hasNextPage && (
        <button type="button" className="button button-secondary" disabled={trail.isFetchingNextPage} onClick={() => void trail.fetchNextPage()}>
          {t('audit.more')}
        </button>
      )}
    </section>
  );
}
