import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../hooks/useSession';
import { toApiError, type AmendmentRequest } from '../lib/api';
import { hasRole, ROLE, type DisabledReason } from '../lib/permissions';
import { ActionButton } from './ActionButton';
import { ErrorBanner } from './ErrorBanner';
import { Notice } from './Notice';

const INSTANTS: AmendmentRequest['instant'][] = ['interestDeadline', 'commitmentsExpectedBy', 'startDeadline'];

/** Moving a deadline: a caseworker prepares it with a reason, an approver approves it (the server checks four-eyes). */
export function AmendmentForm({ poolId, readOnly }: { poolId: string; readOnly: DisabledReason | null }) {
  const { t } = useTranslation();
  const { api, user } = useSession();
  const queryClient = useQueryClient();
  const [instant, setInstant] = useState<AmendmentRequest['instant']>('interestDeadline');
  const [value, setValue] = useState('');
  const [reason, setReason] = useState('');
  const [notice, setNotice] = useState('');
  const settle = () => queryClient.invalidateQueries({ queryKey: ['pool', poolId] });
  const prepare = useMutation({
    mutationFn: () => api.prepareAmendment(poolId, { instant, newValue: new Date(value).toISOString(), reason }),
    onSuccess: () => setNotice(t('pool.amendPrepared')),
    onSettled: settle,
  });
  const approve = useMutation({ mutationFn: () => api.approveAmendment(poolId), onSuccess: () => setNotice(t('pool.amendApproved')), onSettled: settle });
  const mayPrepare = hasRole(user, ROLE.caseworker);
  const mayApprove = hasRole(user, ROLE.approver);
  if (!mayPrepare && !mayApprove) return null;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!readOnly) prepare.mutate();
  }
  const error = prepare.error ?? approve.error;

  return (
    <section aria-labelledby="amend-title" className="card">
      <h2 id="amend-title">{t('pool.amendments')}</h2>
      {error && <ErrorBanner error={toApiError(error)} />}
      <Notice text={notice} />
      {mayPrepare && (
        <form onSubmit={submit}>
          <div className="form-group">
            <label className="form-label" htmlFor="amend-instant">
              {t('pool.amendInstant')}
            </label>
            <select id="amend-instant" className="form-select" value={instant} onChange={(e) => setInstant(e.target.value as AmendmentRequest['instant'])}>
              {INSTANTS.map((i) => (
                <option key={i} value={i}>
                  {t(`calendar.${i}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="form-group">
            <label className="form-label" htmlFor="amend-value">
              {t('pool.amendValue')}
            </label>
            <input id="amend-value" className="form-input" type="datetime-local" required value={value} onChange={(e) => setValue(e.target.value)} />
          </div>
          <div className="form-group">
            <label className="form-label" htmlFor="amend-reason">
              {t('pool.amendReason')}
            </label>
            <textarea id="amend-reason" className="form-input" required minLength={3} value={reason} onChange={(e) => setReason(e.target.value)} />
          </div>
          {readOnly ? (
            <ActionButton label={t('pool.amendPrepare')} disabledReason={readOnly} onClick={() => undefined} />
          ) : (
            <button type="submit" className="button button-secondary" disabled={prepare.isPending} data-decision>
              {t('pool.amendPrepare')}
            </button>
          )}
        </form>
      )}
      {mayApprove && (
        <div className="actions">
          <ActionButton primary label={t('pool.amendApprove')} busy={approve.isPending} disabledReason={readOnly} onClick={() => approve.mutate()} />
        </div>
      )}
    </section>
  );
}
