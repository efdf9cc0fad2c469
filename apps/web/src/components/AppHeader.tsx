import type { StaffUser } from '../lib/api';
import { roleLabel } from '../lib/permissions';
import { poolsHref } from '../lib/route';
import { DanishTerm } from './DanishTerm';

interface Props {
  user: StaffUser;
  onSignOut: () => void;
}

export function AppHeader({ user, onSignOut }: Props) {
  return (
    <header className="app-header">
      <a className="brand" href={poolsHref}>
        puljeflow <span className="brand__sub">STAR back office</span>
      </a>
      <nav aria-label="Main">
        <a href={poolsHref}>
          Pools <DanishTerm>puljer</DanishTerm>
        </a>
      </nav>
      <div className="user">
        <span className="user__name">
          Signed in as <strong>{user.displayName}</strong> <span className="muted">({user.username})</span>
        </span>
        <ul className="roles" aria-label="Your roles">
          {user.roles.map((role) => (
            <li key={role} className="role">
              {roleLabel(role)}
            </li>
          ))}
        </ul>
        <button type="button" className="button button--ghost" onClick={onSignOut}>
          Sign out
        </button>
      </div>
    </header>
  );
}
