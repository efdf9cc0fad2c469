import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { toApiError, type ApiClient, type ApiError, type StaffSession } from '../lib/api';
import { ErrorBanner } from './ErrorBanner';
import { LanguageSwitch } from './LanguageSwitch';

interface Props {
  api: ApiClient;
  /** Why the user is here again, e.g. an expired session. */
  notice: string | null;
  onSignedIn: (session: StaffSession) => void;
}

export function LoginScreen({ api, notice, onSignedIn }: Props) {
  const { t } = useTranslation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [submitting, setSubmitting] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSubmitting(true);
    setError(null);
    try {
      onSignedIn(await api.login(username.trim(), password));
    } catch (e) {
      setError(toApiError(e));
      setPassword('');
      setSubmitting(false);
    }
  }

  return (
    <main className="container login" id="main">
      <div className="login__lang">
        <LanguageSwitch />
      </div>
      <form className="login__card" onSubmit={submit} aria-labelledby="login-title">
        <p className="login__brand">{t('app.name')}</p>
        <h1 id="login-title">{t('login.title')}</h1>
        <p className="font-lead">{t('app.tagline')}</p>
        {notice && (
          <div className="alert alert-info" role="status">
            <div className="alert-body">
              <p className="alert-text">{notice}</p>
            </div>
          </div>
        )}
        {error && <ErrorBanner error={error} />}
        <div className="form-group">
          <label className="form-label" htmlFor="username">
            {t('login.username')}
          </label>
          <input id="username" className="form-input" name="username" autoComplete="username" required value={username} onChange={(e) => setUsername(e.target.value)} />
        </div>
        <div className="form-group">
          <label className="form-label" htmlFor="password">
            {t('login.password')}
          </label>
          <input id="password" className="form-input" name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </div>
        <button type="submit" className="button button-primary" disabled={submitting}>
          {submitting ? t('login.submitting') : t('login.submit')}
        </button>
      </form>
    </main>
  );
}
