import { useCallback, useEffect } from 'react';
import { usePolled } from '../hooks/usePolled';
import type { ApiClient } from '../lib/api';
import { formatOre } from '../lib/money';
import { poolHref } from '../lib/route';
import { poolStatusLabel } from '../lib/status';
import { formatInstant } from '../lib/time';
import { DanishTerm } from './DanishTerm';
import { ErrorBanner } from './ErrorBanner';
import { LastUpdated } from './LastUpdated';
import { StatusBadge } from './StatusBadge';

const REFRESH_MS = 10_000;

export function PoolListPage({ api }: { api: ApiClient }) {
  const load = useCallback((signal: AbortSignal) => api.listPools(signal), [api]);
  const pools = usePolled(load, REFRESH_MS);

  useEffect(() => {
    document.title = 'Pools · puljeflow';
  }, []);

  return (
    <section aria-labelledby="pools-title">
      <div className="page-head">
        <h1 id="pools-title">
          Pools <DanishTerm>puljer</DanishTerm>
        </h1>
        <LastUpdated updatedAt={pools.updatedAt} loading={pools.loading} intervalMs={REFRESH_MS} />
      </div>
      {pools.error && <ErrorBanner error={pools.error} />}
      {pools.data && pools.data.length === 0 && <p className="empty">No pools have been opened yet.</p>}
      {pools.data && pools.data.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">All pools</caption>
            <thead>
              <tr>
                <th scope="col">Pool</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Commitments <DanishTerm>tilsagn</DanishTerm>
                </th>
                <th scope="col">Interest deadline</th>
              </tr>
            </thead>
            <tbody>
              {pools.data.map((pool) => (
                <tr key={pool.poolId}>
                  <th scope="row">
                    <a href={poolHref(pool.poolId)}>{pool.name}</a>
                    <span className="sub mono">{pool.poolId}</span>
                  </th>
                  <td>
                    <StatusBadge status={poolStatusLabel(pool.status)} />
                  </td>
                  <td className="num money">{formatOre(pool.commitmentsOre)}</td>
                  <td>
                    {pool.calendar.interestDeadline ? (
                      <time dateTime={pool.calendar.interestDeadline}>
                        {formatInstant(pool.calendar.interestDeadline)}
                      </time>
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
