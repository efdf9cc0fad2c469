import type { ReactNode } from 'react';

interface Props {
  id: string;
  label: string;
  hint?: string;
  /** Shown above the field (the design system's error message) when the value cannot be used. */
  error?: string | null;
  /** The control; it sets its `id`, and `aria-describedby` to what it is given. */
  children: (describedBy: string | undefined) => ReactNode;
}

/** A labelled form field in the design system's layout, with its hint and error tied to the control. */
export function FormField({ id, label, hint, error, children }: Props) {
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="form-group">
      <label className="form-label" htmlFor={id}>
        {label}
      </label>
      {hint && (
        <span className="form-hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {error && (
        <span className="form-error-message" id={`${id}-error`}>
          {error}
        </span>
      )}
      {children(described)}
    </div>
  );
}
