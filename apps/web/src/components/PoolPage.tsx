import { useCallback, useEffect, useState } from 'react';
import { usePolled } from '../hooks/usePolled';
import { toApiError, type ApiClient, type ApiError, type MunicipalityOverview, type StaffUser } from '../lib/api';
import { poolsHref } from '../lib/route';
import { CalendarList } from './CalendarList';
import { DanishTerm } from './DanishTerm';
import { ErrorBanner } from './ErrorBanner';
import { LastUpdated } from './LastUpdated';
import { MunicipalityTable } from './MunicipalityTable';
import { PoolFacts } from './PoolFacts';

/** Every 3 s, so a person watching sees the deadline fire and the allocation appear (docs/domain.md, demo). */
const REFRESH_MS = 3000;

interface Props {
  api: ApiClient;
  poolId: string;
  user: StaffUser;
}

export function PoolPage({ api, poolId, user }: Props) {
  const loadOverview = useCallback((signal: AbortSignal) => api.getOverview(poolId, signal), [api, poolId]);
  const overview = usePolled(loadOverview, REFRESH_MS);
  const loadSummary = useCallback((signal: AbortSignal) => api.getPool(poolId, signal), [api, poolId]);
  const summary = usePolled(loadSummary, null);

  const [actionError, setActionError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState('');
  const [pendingCode, setPendingCode] = useState<string | null>(null);
  const { refresh } = overview;

  const pool = overview.data?.pool;
  useEffect(() => {
    document.title = `${pool?.name ?? poolId} · puljeflow`;
  }, [pool?.name, poolId]);

  const act = useCallback(
    async (kind: 'prepare' | 'approve', row: MunicipalityOverview) => {
      setPendingCode(row.municipalityCode);
      setActionError(null);
      setNotice('');
      const who = `${row.name} (${row.municipalityCode})`;
      try {
        if (kind === 'prepare') {
          await api.prepareCommitment(poolId, row.municipalityCode);
          setNotice(`Commitment for ${who} prepared. A second person must now issue it.`);
        } else {
          await api.approveCommitment(poolId, row.municipalityCode);
          setNotice(`Commitment (tilsagn) for ${who} issued.`);
        }
      } catch (error) {
        setActionError(toApiError(error));
      } finally {
        setPendingCode(null);
        refresh();
      }
    },
    [api, poolId, refresh],
  );
  const onPrepare = useCallback((row: MunicipalityOverview) => void act('prepare', row), [act]);
  const onApprove = useCallback((row: MunicipalityOverview) => void act('approve', row), [act]);

  return (
    <section aria-labelledby="pool-title">
      <p className="breadcrumb">
        <a href={poolsHref}>← All pools</a>
      </p>
      <div className="page-head">
        <h1 id="pool-title">
          {pool?.name ?? poolId}
          <span className="sub">
            <DanishTerm>pulje</DanishTerm> <span className="mono">{poolId}</span>
          </span>
        </h1>
        <LastUpdated updatedAt={overview.updatedAt} loading={overview.loading} intervalMs={REFRESH_MS} />
      </div>

      {actionError && <ErrorBanner error={actionError} onDismiss={() => setActionError(null)} />}
      {overview.error && <ErrorBanner error={overview.error} />}
      {/* The live region stays in the page so a screen reader notices when a message appears in it. */}
      <div role="status" aria-live="polite">
        {notice && <p className="banner banner--success">{notice}</p>}
      </div>

      {!overview.data && !overview.error && <p className="empty">Loading the pool…</p>}
      {overview.data && pool && (
        <>
          <PoolFacts pool={pool} />
          <MunicipalityTable
            rows={overview.data.municipalities}
            user={user}
            pendingCode={pendingCode}
            onPrepare={onPrepare}
            onApprove={onApprove}
          />
        </>
      )}

      <section aria-labelledby="calendar-title" className="card calendar-card">
        <h2 id="calendar-title">Calendar</h2>
        {summary.error && <ErrorBanner error={summary.error} />}
        {summary.data ? <CalendarList calendar={summary.data.calendar ?? {}} /> : !summary.error && <p>Loading…</p>}
      </section>
    </section>
  );
}
