import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  /** The design system's warning button, for what cannot be undone. */
  warning?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

/** A modal confirmation (the native dialog: focus kept inside, Escape cancels), in the design system's modal look. */
export function ConfirmDialog({ open, title, children, confirmLabel, warning, onConfirm, onCancel }: Props) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    if (open && ref.current && !ref.current.open) ref.current.showModal();
  }, [open]);
  // Only in the page while open, so a closed dialog's decision button is nobody's to find.
  if (!open) return null;
  return (
    <dialog ref={ref} className="modal-content confirm-dialog" aria-labelledby={titleId} onCancel={(e) => {
      e.preventDefault();
      onCancel();
    }}>
      <h2 id={titleId} className="modal-title">
        {title}
      </h2>
      <div className="modal-body">{children}</div>
      <div className="modal-footer">
        <button type="button" className={`button ${warning ? 'button-warning' : 'button-primary'}`} onClick={onConfirm} data-decision>
          {confirmLabel}
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel}>
          {t('confirm.cancel')}
        </button>
      </div>
    </dialog>
  );
}
