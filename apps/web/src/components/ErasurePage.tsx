import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAsOf } from '../hooks/useAsOf';
import { useSession } from '../hooks/useSession';
import { toApiError } from '../lib/api';
import { hasRole, ROLE } from '../lib/permissions';
import { formatInstant } from '../lib/time';
import { ActionButton } from './ActionButton';
import { ErrorBanner } from './ErrorBanner';
import { Notice } from './Notice';

/** Erasure of a citizen (crypto-shredding), with a confirmation that says what is erased and that the money trail stays. */
export function ErasurePage() {
  const { t } = useTranslation();
  const { api, user } = useSession();
  const { asOf } = useAsOf();
  const [cpr, setCpr] = useState('');
  const [reason, setReason] = useState('');
  const [notice, setNotice] = useState('');
  const dialog = useRef<HTMLDialogElement>(null);
  const erase = useMutation({
    mutationFn: () => api.eraseCitizen({ cpr, reason }),
    onSuccess: (done) => {
      setCpr('');
      setNotice(t('erasure.done', { pseudonym: done.pseudonym, person: done.erasedBy, time: formatInstant(done.erasedAt) }));
    },
  });

  useEffect(() => {
    document.title = `${t('erasure.title')} · ${t('app.name')}`;
  }, [t]);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    dialog.current?.showModal();
  }
  const isAdmin = hasRole(user, ROLE.admin);

  return (
    <section aria-labelledby="erasure-title">
      <h1 id="erasure-title">{t('erasure.title')}</h1>
      <p className="font-lead">{t('erasure.intro')}</p>
      {erase.error && <ErrorBanner error={toApiError(erase.error)} />}
      <Notice text={notice} />
      {isAdmin && (
        <form onSubmit={submit}>
          <div className="form-group">
            <label className="form-label" htmlFor="erasure-cpr">
              {t('erasure.cpr')}
            </label>
            <input id="erasure-cpr" className="form-input" inputMode="numeric" autoComplete="off" required value={cpr} onChange={(e) => setCpr(e.target.value)} />
          </div>
          <div className="form-group">
            <label className="form-label" htmlFor="erasure-reason">
              {t('erasure.reason')}
            </label>
            <textarea id="erasure-reason" className="form-input" required minLength={3} value={reason} onChange={(e) => setReason(e.target.value)} />
          </div>
          {asOf ? (
            <ActionButton label={t('erasure.submit')} disabledReason="asOf.readOnly" onClick={() => undefined} />
          ) : (
            <button type="submit" className="button button-warning" disabled={erase.isPending} data-decision>
              {t('erasure.submit')}
            </button>
          )}
        </form>
      )}
      <dialog ref={dialog} className="modal-content erasure-dialog" aria-labelledby="erasure-confirm-title">
        <h2 id="erasure-confirm-title" className="modal-title">
          {t('erasure.confirmTitle')}
        </h2>
        <p className="modal-body">{t('erasure.confirmText')}</p>
        <div className="modal-footer">
          <button
            type="button"
            className="button button-warning"
            onClick={() => {
              dialog.current?.close();
              erase.mutate();
            }}
          >
            {t('erasure.confirm')}
          </button>
          <button type="button" className="button button-secondary" onClick={() => dialog.current?.close()}>
            {t('erasure.cancel')}
          </button>
        </div>
      </dialog>
    </section>
  );
}
