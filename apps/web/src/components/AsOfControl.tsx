import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAsOf } from '../hooks/useAsOf';
import { formatInstant } from '../lib/time';

/** Picks the instant a screen is shown as of; while one is chosen, a banner says the view is historical and read-only. */
export function AsOfControl() {
  const { t } = useTranslation();
  const { asOf, setAsOf } = useAsOf();
  const [value, setValue] = useState('');

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const date = new Date(value);
    if (!Number.isNaN(date.getTime())) setAsOf(date.toISOString());
  }

  return (
    <>
      <form className="as-of" onSubmit={submit}>
        <label className="form-label" htmlFor="as-of-input">
          {t('asOf.label')}
        </label>
        <input id="as-of-input" className="form-input" type="datetime-local" step={1} value={value} onChange={(e) => setValue(e.target.value)} />
        <button type="submit" className="button button-secondary">
          {t('asOf.apply')}
        </button>
        {asOf && (
          <button type="button" className="button button-tertiary" onClick={() => setAsOf(null)}>
            {t('asOf.clear')}
          </button>
        )}
      </form>
      {asOf && (
        <div className="alert alert-warning as-of-banner" role="status" data-testid="as-of-banner">
          <div className="alert-body">
            <p className="alert-text">{t('asOf.banner', { time: formatInstant(asOf) })}</p>
          </div>
        </div>
      )}
    </>
  );
}
