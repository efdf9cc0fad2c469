import { ActionButton } from './ActionButton';

/** A decision form's submit button; in the historical (as-of) view it is offered disabled, saying why. */
export function SubmitDecision({ label, asOf, disabled }: { label: string; asOf: string | null; disabled?: boolean }) {
  if (asOf) return <ActionButton label={label} disabledReason="asOf.readOnly" onClick={() => undefined} />;
  return (
    <button type="submit" className="button button-primary" disabled={disabled} data-decision>
      {label}
    </button>
  );
}
