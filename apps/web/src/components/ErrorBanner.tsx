import type { ApiError } from '../lib/api';

interface Props {
  error: ApiError;
  /** Shown as a close button when given; errors of a poll clear themselves on the next success instead. */
  onDismiss?: () => void;
}

/** A server problem (problem+json `title` and `detail`), announced at once to screen readers. */
export function ErrorBanner({ error, onDismiss }: Props) {
  return (
    <div className="banner banner--error" role="alert">
      <div className="banner__body">
        <strong className="banner__title">{error.title}</strong>
        {error.detail && <p className="banner__detail">{error.detail}</p>}
      </div>
      {onDismiss && (
        <button type="button" className="banner__close" onClick={onDismiss} aria-label="Dismiss message">
          ×
        </button>
      )}
    </div>
  );
}
