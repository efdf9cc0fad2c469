import type { PoolOverview } from '../lib/api';
import { formatOre } from '../lib/money';
import { poolStatusLabel } from '../lib/status';
import { DanishTerm } from './DanishTerm';
import { DeadlineCountdown } from './DeadlineCountdown';
import { StatusBadge } from './StatusBadge';

/** The head of the pool page: status, the money committed so far, and the interest deadline with its countdown. */
export function PoolFacts({ pool }: { pool: PoolOverview['pool'] }) {
  return (
    <dl className="facts">
      <div className="fact">
        <dt>Status</dt>
        <dd>
          <StatusBadge status={poolStatusLabel(pool.status)} />
        </dd>
      </div>
      <div className="fact">
        <dt>
          Commitments <DanishTerm>tilsagn</DanishTerm>
        </dt>
        <dd className="money fact__big">{formatOre(pool.commitmentsOre)}</dd>
      </div>
      {pool.lapsedOre != null && (
        <div className="fact">
          <dt>
            Lapsed <DanishTerm>bortfald</DanishTerm>
          </dt>
          <dd className="money fact__big">{formatOre(pool.lapsedOre)}</dd>
        </div>
      )}
      <div className="fact fact--wide">
        <dt>
          Interest deadline <DanishTerm>frist for interessetilkendegivelse</DanishTerm>
        </dt>
        <dd>
          <DeadlineCountdown deadline={pool.interestDeadline} allocatedAt={pool.allocatedAt} />
        </dd>
      </div>
    </dl>
  );
}
