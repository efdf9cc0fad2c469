import { useQuery } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { DataTable, type Column } from '../../components/DataTable';
import { ErrorBanner } from '../../components/ErrorBanner';
import { LoadMore } from '../../components/LoadMore';
import { LiveStatus } from '../../components/LiveStatus';
import { useAsOf } from '../../hooks/useAsOf';
import { useSession } from '../../hooks/useSession';
import { da } from '../../i18n/da';
import { toApiError } from '../../lib/api';
import { oreForCsv } from '../../lib/csv';
import { formatOre } from '../../lib/money';
import { coursePath } from '../../lib/paths';
import { formatDate } from '../../lib/time';
import { FILTER_KEYS, useCourseReports, usePoolDetail, type CourseFilters, type CourseReportItem, type CourseStatus } from './api';
import { CourseStatusBadge, dateForCsv, useLabels } from './labels';

/** Every status a course report can have (the contract's; a new one fails to compile here until it is named). */
const STATUSES = Object.keys({ started: 1, rejected: 1, cancelled: 1, completed: 1 } satisfies Record<CourseStatus, 1>) as CourseStatus[];
/** Every reason code the domain has: the catalogue explains each one (its spec checks that). */
const REASON_CODES = Object.keys(da.reasonCode).sort();

/** The filters and the search text in the URL, so a filtered list can be linked and back/forward walks through them. */
function useFiltersInUrl() {
  const [params, setParams] = useSearchParams();
  const filters: CourseFilters = {};
  for (const key of FILTER_KEYS) {
    const value = params.get(key);
    if (value) (filters as Record<string, string>)[key] = value;
  }
  const set = (next: CourseFilters) =>
    setParams((prev) => {
      const out = new URLSearchParams(prev);
      for (const key of FILTER_KEYS) {
        const value = next[key];
        if (value) out.set(key, value);
        else out.delete(key);
      }
      return out;
    });
  const search = params.get('q') ?? '';
  const setSearch = (q: string) =>
    setParams(
      (prev) => {
        const out = new URLSearchParams(prev);
        if (q) out.set('q', q);
        else out.delete('q');
        return out;
      },
      { replace: true },
    );
  return { filters, set, search, setSearch };
}

export function CourseReportsPage() {
  const { t } = useTranslation();
  const { api } = useSession();
  const { poolId = '' } = useParams();
  const { asOf } = useAsOf();
  const { filters, set, search, setSearch } = useFiltersInUrl();
  const reports = useCourseReports(poolId, filters, asOf);
  const pool = usePoolDetail(poolId, asOf);
  const overview = useQuery({ queryKey: ['overview', poolId, asOf], queryFn: ({ signal }) => api.getOverview(poolId, asOf, signal) });
  const labels = useLabels();

  useEffect(() => {
    document.title = `${t('courses.title')} · ${pool.data?.name ?? poolId} · ${t('app.name')}`;
  }, [pool.data?.name, poolId, t]);

  const municipalities = overview.data?.municipalities ?? [];
  const nameOf = (code: string) => municipalities.find((m) => m.municipalityCode === code)?.name ?? code;
  const rows = reports.data?.pages.flatMap((p) => p.items) ?? [];

  const columns: Column<CourseReportItem>[] = [
    {
      id: 'courseId',
      header: t('courses.courseId'),
      rowHeader: true,
      value: (r) => r.courseId,
      cell: (r) => (
        <Link to={coursePath(poolId, r.municipalityCode, r.courseId, asOf)} className="mono">
          {r.courseId}
        </Link>
      ),
    },
    { id: 'municipality', header: t('courses.municipality'), value: (r) => nameOf(r.municipalityCode), cell: (r) => <span data-testid={`municipality-${r.courseId}`}>{nameOf(r.municipalityCode)}</span> },
    { id: 'title', header: t('courses.courseTitle'), value: (r) => r.title ?? '' },
    { id: 'status', header: t('courses.status'), value: (r) => labels.status(r.status), cell: (r) => <CourseStatusBadge status={r.status} testId={`status-${r.courseId}`} /> },
    { id: 'targetGroup', header: t('courses.targetGroup'), value: (r) => (r.targetGroup ? labels.targetGroup(r.targetGroup) : '') },
    { id: 'startDate', header: t('courses.startDate'), value: (r) => r.startDate ?? '', cell: (r) => (r.startDate ? <time dateTime={r.startDate}>{formatDate(r.startDate)}</time> : '—'), csv: (r) => dateForCsv(r.startDate) },
    { id: 'endDate', header: t('courses.endDate'), value: (r) => r.endDate ?? '', cell: (r) => (r.endDate ? <time dateTime={r.endDate}>{formatDate(r.endDate)}</time> : '—'), csv: (r) => dateForCsv(r.endDate) },
    {
      id: 'reasonCodes',
      header: t('courses.reasonCodes'),
      value: (r) => r.reasonCodes.join(', '),
      cell: (r) => (r.reasonCodes.length ? <span className="mono" data-testid={`reasons-${r.courseId}`}>{r.reasonCodes.join(', ')}</span> : ''),
    },
    { id: 'expenses', header: t('courses.expenses'), numeric: true, value: (r) => Number(r.expensesOre), cell: (r) => <span data-testid={`expenses-${r.courseId}`}>{formatOre(r.expensesOre)}</span>, csv: (r) => oreForCsv(r.expensesOre) },
  ];

  return (
    <section aria-labelledby="courses-title">
      <p className="breadcrumbs">
        <Link to={`/puljer/${encodeURIComponent(poolId)}${asOf ? `?asOf=${encodeURIComponent(asOf)}` : ''}`}>{t('courses.back')}</Link>
      </p>
      <div className="page-head">
        <h1 id="courses-title">
          {t('courses.title')} <span className="sub">{pool.data?.name ?? poolId}</span>
        </h1>
        <LiveStatus updatedAt={reports.dataUpdatedAt} fetching={reports.isFetching} stale={reports.isError && reports.data !== undefined} />
      </div>

      <FilterForm
        key={JSON.stringify(filters)}
        filters={filters}
        onApply={set}
        municipalities={municipalities.map((m) => ({ code: m.municipalityCode, name: m.name }))}
        targetGroups={pool.data?.definition.targetGroups.map((g) => g.code) ?? []}
      />

      {reports.error && <ErrorBanner error={toApiError(reports.error)} />}
      {!reports.data && !reports.error && <p>{t('app.loading')}</p>}
      {reports.data && (
        <>
          <DataTable
            caption={t('courses.caption')}
            rows={rows}
            columns={columns}
            rowId={(r) => `${r.municipalityCode}/${r.courseId}`}
            csvName={`forloeb-${poolId}`}
            filter={search}
            onFilterChange={setSearch}
          />
          {reports.hasNextPage && <LoadMore text={t('courses.moreExist')} label={t('courses.loadMore')} busy={reports.isFetchingNextPage} onLoad={() => void reports.fetchNextPage()} />}
        </>
      )}
    </section>
  );
}

interface FilterFormProps {
  filters: CourseFilters;
  onApply: (filters: CourseFilters) => void;
  municipalities: { code: string; name: string }[];
  targetGroups: string[];
}

/** The API's filters; applied on "Søg", so the list is asked for once per search. */
function FilterForm({ filters, onApply, municipalities, targetGroups }: FilterFormProps) {
  const { t } = useTranslation();
  const labels = useLabels();
  const [draft, setDraft] = useState<CourseFilters>(filters);
  const field = (key: keyof CourseFilters) => ({
    id: `course-filter-${key}`,
    value: draft[key] ?? '',
    onChange: (e: { target: { value: string } }) => setDraft({ ...draft, [key]: e.target.value || undefined }),
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onApply(draft);
  };
  const select = (key: keyof CourseFilters, label: string, options: { value: string; label: string }[]) => (
    <div className="form-group">
      <label className="form-label" htmlFor={`course-filter-${key}`}>
        {label}
      </label>
      <select className="form-select" {...field(key)}>
        <option value="">{t('courses.any')}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <form className="filters card" onSubmit={submit} aria-labelledby="course-filters-title">
      <h2 id="course-filters-title" className="h4">
        {t('courses.filters')}
      </h2>
      <div className="filters__fields">
        {select('municipalityCode', t('courses.municipality'), municipalities.map((m) => ({ value: m.code, label: `${m.name} (${m.code})` })))}
        {select('status', t('courses.status'), STATUSES.map((s) => ({ value: s, label: labels.status(s) })))}
        {select('reasonCode', t('courses.reasonCode'), REASON_CODES.map((code) => ({ value: code, label: code })))}
        {select('targetGroup', t('courses.targetGroup'), targetGroups.map((code) => ({ value: code, label: labels.targetGroup(code) })))}
        <div className="form-group">
          <label className="form-label" htmlFor="course-filter-startFrom">
            {t('courses.startFrom')}
          </label>
          <input className="form-input" type="date" {...field('startFrom')} />
        </div>
        <div className="form-group">
          <label className="form-label" htmlFor="course-filter-startTo">
            {t('courses.startTo')}
          </label>
          <input className="form-input" type="date" {...field('startTo')} />
        </div>
      </div>
      <div className="actions">
        <button type="submit" className="button button-primary">
          {t('courses.apply')}
        </button>
        <button type="button" className="button button-tertiary" onClick={() => onApply({})}>
          {t('courses.reset')}
        </button>
      </div>
    </form>
  );
}
