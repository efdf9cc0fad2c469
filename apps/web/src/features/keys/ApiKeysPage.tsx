import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ActionButton } from '../../components/ActionButton';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { DataTable, type Column } from '../../components/DataTable';
import { ErrorBanner } from '../../components/ErrorBanner';
import { FormField } from '../../components/FormField';
import { LiveStatus } from '../../components/LiveStatus';
import { Notice } from '../../components/Notice';
import { SubmitDecision } from '../../components/SubmitDecision';
import { useAsOf } from '../../hooks/useAsOf';
import { useSession } from '../../hooks/useSession';
import { toApiError, type ApiKeyIssued, type ApiKeyItem } from '../../lib/api';
import { hasRole, ROLE } from '../../lib/permissions';
import { formatInstant, formatInstantNumeric } from '../../lib/time';

/**
 * Municipal API keys: an admin issues one for a municipality (the key is shown once, here, and never again — only
 * its hash is stored), lists them and revokes one after a confirmation. The list honours the as-of instant.
 */
export function ApiKeysPage() {
  const { t } = useTranslation();
  const { api, user } = useSession();
  const { asOf } = useAsOf();
  const queryClient = useQueryClient();
  const keys = useQuery({ queryKey: ['api-keys', asOf], queryFn: ({ signal }) => api.listApiKeys(asOf, signal) });
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  // The issued key lives only in this component's state: a reload, or leaving the screen, forgets it for good.
  const [issued, setIssued] = useState<ApiKeyIssued | null>(null);
  const [copied, setCopied] = useState(false);
  const [revoking, setRevoking] = useState<ApiKeyItem | null>(null);
  const [notice, setNotice] = useState('');
  const invalidate = () => queryClient.invalidateQueries({ queryKey: ['api-keys'] });
  const issue = useMutation({
    mutationFn: () => api.issueApiKey(code.trim(), name.trim()),
    onMutate: () => setNotice(''),
    onSuccess: (key) => {
      setIssued(key);
      setCopied(false);
      setCode('');
      setName('');
    },
    onSettled: invalidate,
  });
  const revoke = useMutation({
    mutationFn: (key: ApiKeyItem) => api.revokeApiKey(key.id),
    onSuccess: (done) => setNotice(t('apiKeys.revoked', { code: done.municipalityCode, time: formatInstant(done.revokedAt) })),
    onSettled: invalidate,
  });

  useEffect(() => {
    document.title = `${t('apiKeys.title')} · ${t('app.name')}`;
  }, [t]);

  const isAdmin = hasRole(user, ROLE.admin);
  const readOnly = asOf ? ('asOf.readOnly' as const) : null;

  async function copy() {
    if (!issued) return;
    await navigator.clipboard.writeText(issued.key).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!asOf) issue.mutate();
  }

  const columns: Column<ApiKeyItem>[] = [
    { id: 'municipality', header: t('apiKeys.municipality'), value: (k) => k.municipalityCode, cell: (k) => <span className="mono">{k.municipalityCode}</span> },
    { id: 'name', header: t('apiKeys.name'), value: (k) => k.name, rowHeader: true },
    { id: 'prefix', header: t('apiKeys.prefix'), value: (k) => k.keyPrefix, cell: (k) => <span className="mono">{k.keyPrefix}…</span> },
    { id: 'createdAt', header: t('apiKeys.createdAt'), value: (k) => k.createdAt, cell: (k) => formatInstant(k.createdAt), csv: (k) => formatInstantNumeric(k.createdAt) },
    {
      id: 'status',
      header: t('apiKeys.status'),
      value: (k) => (k.revokedAt ? t('apiKeys.statusRevoked') : t('apiKeys.statusActive')),
      cell: (k) =>
        k.revokedAt ? (
          <span className="badge" data-testid={`key-status-${k.keyPrefix}`}>
            {t('apiKeys.revokedAt', { time: formatInstant(k.revokedAt) })}
          </span>
        ) : (
          <span className="badge badge-success" data-testid={`key-status-${k.keyPrefix}`}>
            {t('apiKeys.statusActive')}
          </span>
        ),
    },
    {
      id: 'actions',
      header: t('apiKeys.actions'),
      value: () => '',
      csv: () => '',
      sortable: false,
      cell: (k) =>
        isAdmin && !k.revokedAt ? (
          <ActionButton label={t('apiKeys.revoke', { name: k.name })} disabledReason={readOnly} busy={revoke.isPending} onClick={() => setRevoking(k)} />
        ) : null,
    },
  ];

  return (
    <section aria-labelledby="api-keys-title">
      <div className="page-head">
        <h1 id="api-keys-title">{t('apiKeys.title')}</h1>
        <LiveStatus updatedAt={keys.dataUpdatedAt} fetching={keys.isFetching} stale={keys.isError && keys.data !== undefined} />
      </div>
      <p className="font-lead">{t('apiKeys.intro')}</p>
      {asOf && <p data-testid="as-of-note">{t('apiKeys.asOfNote', { time: formatInstant(asOf) })}</p>}
      {keys.error && <ErrorBanner error={toApiError(keys.error)} />}
      {revoke.error && <ErrorBanner error={toApiError(revoke.error)} onDismiss={() => revoke.reset()} />}
      <Notice text={notice} />

      {issued && (
        <div className="alert alert-warning" role="alert" data-testid="issued-key">
          <div className="alert-body">
            <p className="alert-heading">{t('apiKeys.issuedTitle', { code: issued.municipalityCode, name: issued.name })}</p>
            <p className="alert-text">{t('apiKeys.shownOnce')}</p>
            <p>
              <code className="key-once" data-testid="issued-key-value">
                {issued.key}
              </code>
            </p>
            <div className="actions">
              <button type="button" className="button button-secondary" onClick={() => void copy()}>
                {t('apiKeys.copy')}
              </button>
              <button type="button" className="button button-tertiary" onClick={() => setIssued(null)}>
                {t('apiKeys.stored')}
              </button>
            </div>
            <p role="status" className="form-hint">
              {copied ? t('apiKeys.copied') : ''}
            </p>
          </div>
        </div>
      )}

      {keys.data && <DataTable caption={t('apiKeys.caption')} rows={keys.data} columns={columns} rowId={(k) => k.id} csvName="api-noegler" />}

      {isAdmin && (
        <form className="card" onSubmit={submit} aria-labelledby="api-key-issue-title">
          <h2 id="api-key-issue-title">{t('apiKeys.issueTitle')}</h2>
          {issue.error && <ErrorBanner error={toApiError(issue.error)} onDismiss={() => issue.reset()} />}
          <div className="form-row">
            <FormField id="api-key-code" label={t('apiKeys.municipalityCode')} hint={t('apiKeys.municipalityCodeHint')}>
              {(d) => <input id="api-key-code" className="form-input input-width-xs" inputMode="numeric" pattern="\d{3}" required aria-describedby={d} value={code} onChange={(e) => setCode(e.target.value)} />}
            </FormField>
            <FormField id="api-key-name" label={t('apiKeys.keyName')}>
              {() => <input id="api-key-name" className="form-input" required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />}
            </FormField>
          </div>
          <SubmitDecision label={t('apiKeys.issue')} asOf={asOf} disabled={issue.isPending} />
        </form>
      )}

      <ConfirmDialog
        open={revoking !== null}
        title={t('apiKeys.confirmTitle')}
        confirmLabel={t('apiKeys.confirm')}
        warning
        onCancel={() => setRevoking(null)}
        onConfirm={() => {
          if (revoking) revoke.mutate(revoking);
          setRevoking(null);
        }}
      >
        <p>{revoking && t('apiKeys.confirmText', { name: revoking.name, code: revoking.municipalityCode, prefix: revoking.keyPrefix })}</p>
      </ConfirmDialog>
    </section>
  );
}
