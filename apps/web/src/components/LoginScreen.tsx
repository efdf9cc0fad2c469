import { useState, type FormEvent } from 'react';
import { toApiError, type ApiClient, type ApiError, type StaffSession } from '../lib/api';
import { ErrorBanner } from './ErrorBanner';

interface Props {
  api: ApiClient;
  /** Why the user is here again, e.g. an expired session. */
  notice: string | null;
  onSignedIn: (session: StaffSession) => void;
}

export function LoginScreen({ api, notice, onSignedIn }: Props) {
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
    <main className="login" id="main">
      <form className="card login__card" onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title" className="login__title">
          puljeflow
          <span className="login__sub">Back office for labour-market grant pools</span>
        </h1>
        {notice && (
          <p className="banner banner--info" role="status">
            {notice}
          </p>
        )}
        {error && <ErrorBanner error={error} />}
        <div className="field">
          <label htmlFor="username">Username</label>
          <input
            id="username"
            name="username"
            autoComplete="username"
            required
            autoFocus
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="password">Password</label>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        <button type="submit" className="button button--primary button--block" disabled={submitting}>
          {submitting ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
