import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAsOf } from '../hooks/useAsOf';
import { useSession } from '../hooks/useSession';
import { toApiError, type BalanceImportResult, type BalanceVersions } from '../lib/api';
import { hasRole, ROLE } from '../lib/permissions';
import { formatInstant, formatInstantNumeric } from '../lib/time';
import { ActionButton } from './ActionButton';
import { DataTable, type Column } from './DataTable';
import { ErrorBanner } from './ErrorBanner';
import { LiveStatus } from './LiveStatus';
import { BalancePreview } from './BalancePreview';
import { Notice } from './Notice';

type Version = BalanceVersions['versions'][number];

export function BalancePage() {
  const { t } = useTranslation();
  const { api, user } = useSession();
  const { asOf } = useAsOf();
  const queryClient = useQueryClient();
  const versions = useQuery({ queryKey: ['balance'], queryFn: ({ signal }) => api.balanceVersions(signal) });
  const [file, setFile] = useState<File | null>(null);
  const [notice, setNotice] = useState('');
  // What the file would change, answered by a dry run; applied only when the person says so.
  const [preview, setPreview] = useState<{ csv: string; result: BalanceImportResult } | null>(null);
  const previewing = useMutation({
    mutationFn: async () => {
      const csv = await (file as File).text();
      return { csv, result: await api.importBalance(csv, { dryRun: true }) };
    },
    onMutate: () => {
      setNotice('');
      setPreview(null);
    },
    onSuccess: setPreview,
  });
  const upload = useMutation({
    mutationFn: async (csv: string) => api.importBalance(csv),
    onSuccess: (result) => {
      setPreview(null);
      if (result.unchanged) return setNotice(t('balance.unchanged'));
      setNotice(
        result.versions
          .map((v) => t('balance.result', { added: v.diff.added.length, removed: v.diff.removed.length, changed: v.diff.changed.length, unchanged: v.diff.unchanged, halfYear: v.halfYear }))
          .join(' '),
      );
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['balance'] }),
  });

  useEffect(() => {
    document.title = `${t('balance.title')} · ${t('app.name')}`;
  }, [t]);

  const columns: Column<Version>[] = [
    { id: 'version', header: t('balance.version'), value: (v) => v.version, rowHeader: true, cell: (v) => <span className="mono">{v.version}</span> },
    { id: 'halfYear', header: t('balance.halfYear'), value: (v) => v.halfYear },
    { id: 'source', header: t('balance.source'), value: (v) => v.source, cell: (v) => (v.sample ? `${v.source} (${t('balance.sample')})` : v.source) },
    { id: 'entries', header: t('balance.entries'), value: (v) => v.entryCount, numeric: true, cell: (v) => v.entryCount.toLocaleString('da-DK') },
    { id: 'importedAt', header: t('balance.importedAt'), value: (v) => v.importedAt, cell: (v) => formatInstant(v.importedAt), csv: (v) => formatInstantNumeric(v.importedAt) },
    { id: 'importedBy', header: t('balance.importedBy'), value: (v) => v.importedBy },
  ];

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (file && !asOf) previewing.mutate();
  }

  return (
    <section aria-labelledby="balance-title">
      <div className="page-head">
        <h1 id="balance-title">{t('balance.title')}</h1>
        <LiveStatus updatedAt={versions.dataUpdatedAt} fetching={versions.isFetching} stale={versions.isError && versions.data !== undefined} />
      </div>
      {versions.error && <ErrorBanner error={toApiError(versions.error)} />}
      {versions.data && <DataTable caption={t('balance.versions')} rows={versions.data.versions} columns={columns} rowId={(v) => v.version} csvName="arbejdsmarkedsbalance" />}
      {hasRole(user, ROLE.admin) && (
        <form className="card" onSubmit={submit} aria-labelledby="balance-import-title">
          <h2 id="balance-import-title">{t('balance.import')}</h2>
          {previewing.error && <ErrorBanner error={toApiError(previewing.error)} />}
          {upload.error && <ErrorBanner error={toApiError(upload.error)} />}
          <Notice text={notice} />
          <div className="form-group">
            <label className="form-label" htmlFor="balance-file">
              {t('balance.file')}
            </label>
            <input
              id="balance-file"
              className="form-input"
              type="file"
              accept=".csv,text/csv"
              onChange={(e) => {
                setFile(e.target.files?.[0] ?? null);
                setPreview(null);
              }}
            />
          </div>
          {asOf ? (
            <ActionButton label={t('balance.submit')} disabledReason="asOf.readOnly" onClick={() => undefined} />
          ) : (
            <button type="submit" className="button button-secondary" disabled={!file || previewing.isPending}>
              {t('balancePreview.show')}
            </button>
          )}
          {preview && !asOf && <BalancePreview result={preview.result} busy={upload.isPending} onApply={() => upload.mutate(preview.csv)} onCancel={() => setPreview(null)} />}
        </form>
      )}
    </section>
  );
}
