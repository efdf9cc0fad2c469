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
import { toApiError, type StaffAccount } from '../../lib/api';
import { hasRole, ROLE, samePerson } from '../../lib/permissions';
import { formatInstant } from '../../lib/time';

type Role = StaffAccount['roles'][number];
const ROLES = Object.values(ROLE) as Role[];

/** Role checkboxes; at least one must be ticked (the server refuses none). */
function RolePicker({ idPrefix, value, onChange }: { idPrefix: string; value: Role[]; onChange: (roles: Role[]) => void }) {
  const { t } = useTranslation();
  return (
    <fieldset className="checkboxes">
      <legend>{t('users.roles')}</legend>
      {ROLES.map((role) => (
        <div className="form-group-checkbox" key={role}>
          <input
            id={`${idPrefix}-${role}`}
            className="form-checkbox"
            type="checkbox"
            checked={value.includes(role)}
            onChange={(e) => onChange(e.target.checked ? [...value, role] : value.filter((r) => r !== role))}
          />
          <label htmlFor={`${idPrefix}-${role}`}>{t(`role.${role}`)}</label>
        </div>
      ))}
    </fieldset>
  );
}

/**
 * Staff accounts: an admin creates one (username, name, roles, an initial password), changes its name and roles, and
 * disables it after a confirmation (its sessions end at once). Accounts keep no history, so the as-of view shows them
 * as they are now and says so.
 */
export function UsersPage() {
  const { t } = useTranslation();
  const { api, user } = useSession();
  const { asOf } = useAsOf();
  const queryClient = useQueryClient();
  const users = useQuery({ queryKey: ['staff-users'], queryFn: ({ signal }) => api.listStaffAccounts(signal) });
  const [draft, setDraft] = useState({ username: '', displayName: '', password: '', roles: [] as Role[] });
  const [editing, setEditing] = useState<StaffAccount | null>(null);
  const [disabling, setDisabling] = useState<StaffAccount | null>(null);
  const [notice, setNotice] = useState('');
  const invalidate = () => queryClient.invalidateQueries({ queryKey: ['staff-users'] });
  const create = useMutation({
    mutationFn: () => api.createStaffAccount({ ...draft, username: draft.username.trim(), displayName: draft.displayName.trim() }),
    onMutate: () => setNotice(''),
    onSuccess: (created) => {
      setNotice(t('users.created', { username: created.username }));
      setDraft({ username: '', displayName: '', password: '', roles: [] });
    },
    onSettled: invalidate,
  });
  const update = useMutation({
    mutationFn: ({ username, change }: { username: string; change: Parameters<typeof api.updateStaffAccount>[1] }) => api.updateStaffAccount(username, change),
    onMutate: () => setNotice(''),
    onSuccess: (changed, { change }) => {
      setNotice(t(change.active === false ? 'users.disabled' : change.active === true ? 'users.enabled' : 'users.changed', { username: changed.username }));
      setEditing(null);
    },
    onSettled: invalidate,
  });

  useEffect(() => {
    document.title = `${t('users.title')} · ${t('app.name')}`;
  }, [t]);

  const isAdmin = hasRole(user, ROLE.admin);
  const readOnly = asOf ? ('asOf.readOnly' as const) : null;

  const columns: Column<StaffAccount>[] = [
    { id: 'username', header: t('users.username'), value: (u) => u.username, cell: (u) => <span className="mono">{u.username}</span> },
    { id: 'name', header: t('users.name'), value: (u) => u.displayName, rowHeader: true },
    {
      id: 'roles',
      header: t('users.roles'),
      value: (u) => u.roles.map((r) => t(`role.${r}`)).join(', '),
      cell: (u) => (
        <ul className="roles" aria-label={t('users.rolesOf', { username: u.username })}>
          {u.roles.map((r) => (
            <li key={r} className="badge badge-info">
              {t(`role.${r}`)}
            </li>
          ))}
        </ul>
      ),
    },
    {
      id: 'active',
      header: t('users.status'),
      value: (u) => (u.active ? t('users.active') : t('users.inactive')),
      cell: (u) => (
        <span className={`badge ${u.active ? 'badge-success' : ''}`} data-testid={`user-status-${u.username}`}>
          {u.active ? t('users.active') : t('users.inactive')}
        </span>
      ),
    },
    {
      id: 'actions',
      header: t('users.actions'),
      value: () => '',
      csv: () => '',
      sortable: false,
      cell: (u) =>
        isAdmin && (
          <div className="actions">
            <ActionButton label={t('users.edit', { username: u.username })} disabledReason={readOnly} onClick={() => setEditing(u)} />
            {/* An admin cannot lock themselves out; the server refuses it too. */}
            {!samePerson(u.username, user.username) &&
              (u.active ? (
                <ActionButton label={t('users.disable', { username: u.username })} disabledReason={readOnly} onClick={() => setDisabling(u)} />
              ) : (
                <ActionButton label={t('users.enable', { username: u.username })} disabledReason={readOnly} onClick={() => update.mutate({ username: u.username, change: { active: true } })} />
              ))}
          </div>
        ),
    },
  ];

  function submitCreate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!asOf) create.mutate();
  }

  function submitEdit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (editing && !asOf) update.mutate({ username: editing.username, change: { displayName: editing.displayName.trim(), roles: editing.roles } });
  }

  return (
    <section aria-labelledby="users-title">
      <div className="page-head">
        <h1 id="users-title">{t('users.title')}</h1>
        <LiveStatus updatedAt={users.dataUpdatedAt} fetching={users.isFetching} stale={users.isError && users.data !== undefined} />
      </div>
      {asOf && (
        <div className="alert alert-info" data-testid="as-of-note">
          <div className="alert-body">
            <p className="alert-text">{t('users.noHistory', { time: formatInstant(asOf) })}</p>
          </div>
        </div>
      )}
      {users.error && <ErrorBanner error={toApiError(users.error)} />}
      {update.error && <ErrorBanner error={toApiError(update.error)} onDismiss={() => update.reset()} />}
      <Notice text={notice} />

      {users.data && <DataTable caption={t('users.caption')} rows={users.data} columns={columns} rowId={(u) => u.username} csvName="medarbejdere" />}

      {isAdmin && editing && (
        <form className="card" onSubmit={submitEdit} aria-labelledby="user-edit-title">
          <h2 id="user-edit-title">{t('users.editTitle', { username: editing.username })}</h2>
          <FormField id="user-edit-name" label={t('users.name')}>
            {() => <input id="user-edit-name" className="form-input" required maxLength={200} value={editing.displayName} onChange={(e) => setEditing({ ...editing, displayName: e.target.value })} />}
          </FormField>
          <RolePicker idPrefix="user-edit-role" value={editing.roles} onChange={(roles) => setEditing({ ...editing, roles })} />
          <div className="actions">
            <button type="submit" className="button button-primary" disabled={update.isPending || editing.roles.length === 0 || !!asOf} data-decision>
              {t('users.save')}
            </button>
            <button type="button" className="button button-secondary" onClick={() => setEditing(null)}>
              {t('confirm.cancel')}
            </button>
          </div>
        </form>
      )}

      {isAdmin && (
        <form className="card" onSubmit={submitCreate} aria-labelledby="user-create-title">
          <h2 id="user-create-title">{t('users.createTitle')}</h2>
          {create.error && <ErrorBanner error={toApiError(create.error)} onDismiss={() => create.reset()} />}
          <div className="form-row">
            <FormField id="user-username" label={t('users.username')} hint={t('users.usernameHint')}>
              {(d) => <input id="user-username" className="form-input" required autoComplete="off" aria-describedby={d} value={draft.username} onChange={(e) => setDraft({ ...draft, username: e.target.value })} />}
            </FormField>
            <FormField id="user-name" label={t('users.name')}>
              {() => <input id="user-name" className="form-input" required maxLength={200} value={draft.displayName} onChange={(e) => setDraft({ ...draft, displayName: e.target.value })} />}
            </FormField>
            <FormField id="user-password" label={t('users.password')} hint={t('users.passwordHint')}>
              {(d) => <input id="user-password" className="form-input" type="password" required minLength={12} autoComplete="new-password" aria-describedby={d} value={draft.password} onChange={(e) => setDraft({ ...draft, password: e.target.value })} />}
            </FormField>
          </div>
          <RolePicker idPrefix="user-role" value={draft.roles} onChange={(roles) => setDraft({ ...draft, roles })} />
          <SubmitDecision label={t('users.create')} asOf={asOf} disabled={create.isPending || draft.roles.length === 0} />
        </form>
      )}

      <ConfirmDialog
        open={disabling !== null}
        title={t('users.confirmTitle')}
        confirmLabel={t('users.confirm')}
        warning
        onCancel={() => setDisabling(null)}
        onConfirm={() => {
          if (disabling) update.mutate({ username: disabling.username, change: { active: false } });
          setDisabling(null);
        }}
      >
        <p>{disabling && t('users.confirmText', { username: disabling.username, name: disabling.displayName })}</p>
      </ConfirmDialog>
    </section>
  );
}
