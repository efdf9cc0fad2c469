import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { DisabledReason } from '../lib/permissions';

interface Props {
  label: string;
  onClick: () => void;
  primary?: boolean;
  busy?: boolean;
  /** Why the signed-in person cannot use it; the button then stays focusable and says so. */
  disabledReason?: DisabledReason | null;
}

/**
 * A decision button. When the person may not take the decision it is aria-disabled rather than disabled, so keyboard
 * and screen-reader users reach it and hear the reason, which is also shown beside it. Every button that records a
 * decision carries `data-decision` (this one, and the submit buttons of decision forms), so the browser suite can
 * check that a person without the right sees none usable.
 */
export function ActionButton({ label, onClick, primary, busy, disabledReason }: Props) {
  const { t } = useTranslation();
  const hintId = useId();
  const className = `button ${primary ? 'button-primary' : 'button-secondary'}`;
  if (disabledReason) {
    return (
      <span className="action-disabled">
        <button type="button" className={className} aria-disabled="true" aria-describedby={hintId} data-decision>
          {label}
        </button>
        <span id={hintId} className="form-hint action-disabled__reason">
          {t(disabledReason)}
        </span>
      </span>
    );
  }
  return (
    <button type="button" className={className} disabled={busy} onClick={onClick} data-decision>
      {label}
    </button>
  );
}
