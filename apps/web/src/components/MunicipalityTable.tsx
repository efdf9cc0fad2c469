import type { MunicipalityOverview, StaffUser } from '../lib/api';
import { formatOre, sumOre } from '../lib/money';
import { commitmentStatusLabel } from '../lib/status';
import { CommitmentActions } from './CommitmentActions';
import { DanishTerm } from './DanishTerm';
import { StatusBadge } from './StatusBadge';

interface Props {
  rows: MunicipalityOverview[];
  user: StaffUser;
  /** The municipality whose action is under way, if any. */
  pendingCode: string | null;
  onPrepare: (row: MunicipalityOverview) => void;
  onApprove: (row: MunicipalityOverview) => void;
}

export function MunicipalityTable({ rows, user, pendingCode, onPrepare, onApprove }: Props) {
  const sorted = [...rows].sort((a, b) => a.municipalityCode.localeCompare(b.municipalityCode));
  return (
    <div className="table-wrap">
      <table className="table">
        <caption>
          Municipalities <DanishTerm>kommuner</DanishTerm>
        </caption>
        <thead>
          <tr>
            <th scope="col">Code</th>
            <th scope="col">Municipality</th>
            <th scope="col" className="num">
              Requested
            </th>
            <th scope="col" className="num">
              Allocated
            </th>
            <th scope="col" className="num">
              Committed
            </th>
            <th scope="col">
              Commitment <DanishTerm>tilsagn</DanishTerm>
            </th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {sorted.length === 0 && (
            <tr>
              <td colSpan={7} className="empty">
                No municipality has expressed interest yet.
              </td>
            </tr>
          )}
          {sorted.map((row) => {
            const by = row.commitmentStatus === 'issued' ? row.issuedBy : row.preparedBy;
            const prepared = row.commitmentStatus === 'prepared' && row.preparedAmountOre != null;
            return (
              <tr key={row.municipalityCode}>
                <td className="mono">{row.municipalityCode}</td>
                <th scope="row">{row.name}</th>
                <td className="num money">{formatOre(row.requestedOre)}</td>
                <td className="num money">{formatOre(row.allocatedOre)}</td>
                <td className="num money">{formatOre(row.committedOre)}</td>
                <td>
                  <StatusBadge status={commitmentStatusLabel(row.commitmentStatus)} />
                  {(prepared || by) && (
                    <span className="sub">
                      {prepared && <span className="money">{formatOre(row.preparedAmountOre)} </span>}
                      {by && `by ${by}`}
                    </span>
                  )}
                </td>
                <td>
                  <CommitmentActions
                    row={row}
                    user={user}
                    busy={pendingCode === row.municipalityCode}
                    onPrepare={onPrepare}
                    onApprove={onApprove}
                  />
                </td>
              </tr>
            );
          })}
        </tbody>
        {sorted.length > 0 && (
          <tfoot>
            <tr>
              <th scope="row" colSpan={2}>
                Total
              </th>
              <td className="num money">{formatOre(sumOre(sorted.map((r) => r.requestedOre)))}</td>
              <td className="num money">{formatOre(sumOre(sorted.map((r) => r.allocatedOre)))}</td>
              <td className="num money">{formatOre(sumOre(sorted.map((r) => r.committedOre)))}</td>
              <td colSpan={2} />
            </tr>
          </tfoot>
        )}
      </table>
    </div>
  );
}
