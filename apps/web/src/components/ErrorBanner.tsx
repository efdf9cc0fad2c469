import { useTranslation } from 'react-i18next';
import type { ApiError } from '../lib/api';

interface Props {
  error: ApiError;
  /** Shown as a close button when given; errors of a query clear themselves on the next success instead. */
  onDismiss?: () => void;
}

/** A server problem (problem+json `title` and `detail`), announced at once to screen readers. */
export function ErrorBanner({ error, onDismiss }: Props) {
  const { t } = useTranslation();
  let title = error.title === 'generic' ? t('error.generic') : error.title;
  let detail = error.detail;
  if (error.code === 'UNREACHABLE') [title, detail] = [t('error.unreachable'), t('error.unreachableDetail')];
  if (error.code === 'FOUR_EYES_REQUIRED') [title, detail] = [t('error.forbidden'), t('error.fourEyes')];
  return (
    <div className="alert alert-error" role="alert">
      <div className="alert-body">
        <p className="alert-heading">
          {title}
          {error.status > 0 && <span className="error-status"> ({error.status}{error.code ? ` ${error.code}` : ''})</span>}
        </p>
        {detail && <p className="alert-text">{detail}</p>}
      </div>
      {onDismiss && (
        <button type="button" className="alert-close button button-tertiary" onClick={onDismiss} aria-label={t('app.dismiss')}>
          ×
        </button>
      )}
    </div>
  );
}
