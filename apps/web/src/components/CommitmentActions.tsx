import { useId } from 'react';
import type { MunicipalityOverview, StaffUser } from '../lib/api';
import { approveAction, canPrepare } from '../lib/permissions';

interface Props {
  row: MunicipalityOverview;
  user: StaffUser;
  /** An action on this row is under way. */
  busy: boolean;
  onPrepare: (row: MunicipalityOverview) => void;
  onApprove: (row: MunicipalityOverview) => void;
}

/** The buttons a user's roles allow on one municipality's tilsagn; the server checks the same rules again. */
export function CommitmentActions({ row, user, busy, onPrepare, onApprove }: Props) {
  const hintId = useId();
  const prepare = canPrepare(user, row);
  const approve = approveAction(user, row);
  if (!prepare && approve.kind === 'hidden') return null;
  const forWhom = <span className="visually-hidden"> for {row.name}</span>;

  return (
    <div className="actions">
      {prepare && (
        <button type="button" className="button" disabled={busy} onClick={() => onPrepare(row)}>
          Prepare commitment{forWhom}
        </button>
      )}
      {approve.kind === 'enabled' && (
        <button type="button" className="button button--primary" disabled={busy} onClick={() => onApprove(row)}>
          Issue commitment{forWhom}
        </button>
      )}
      {approve.kind === 'disabled' && (
        // aria-disabled rather than disabled: the button stays focusable, so keyboard users can reach the reason.
        <span className="tooltip">
          <button type="button" className="button button--primary" aria-disabled="true" aria-describedby={hintId}>
            Issue commitment{forWhom}
          </button>
          <span role="tooltip" id={hintId} className="tooltip__text">
            {approve.reason}
          </span>
        </span>
      )}
    </div>
  );
}
