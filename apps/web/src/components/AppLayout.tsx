import type { MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet } from 'react-router';
import { useSession } from '../hooks/useSession';
import { canSeeAdministration } from '../lib/permissions';
import { AsOfControl } from './AsOfControl';
import { LanguageSwitch } from './LanguageSwitch';

export function AppLayout({ onSignOut }: { onSignOut: () => void }) {
  const { t } = useTranslation();
  const { user } = useSession();
  return (
    <>
      <a className="skipnav" href="#main" onClick={skipToMain}>
        {t('app.skip')}
      </a>
      <header className="header app-header">
        <div className="container app-header__inner">
          <NavLink className="brand" to="/puljer">
            {t('app.name')}
          </NavLink>
          <div className="app-header__user">
            <span>{t('app.signedInAs', { name: user.displayName })}</span>
            <ul className="roles" aria-label={t('app.roles')}>
              {user.roles.map((role) => (
                <li key={role} className="badge badge-info">
                  {t(`role.${role}`)}
                </li>
              ))}
            </ul>
            <LanguageSwitch />
            <button type="button" className="button button-secondary" onClick={onSignOut}>
              {t('app.signOut')}
            </button>
          </div>
        </div>
        <nav className="container app-nav" aria-label={t('app.mainNav')}>
          <NavLink to="/puljer">{t('nav.pools')}</NavLink>
          <NavLink to="/refusionskrav">{t('claims.title')}</NavLink>
          <NavLink to="/arbejdsmarkedsbalance">{t('nav.balance')}</NavLink>
          <NavLink to="/sletning">{t('nav.erasure')}</NavLink>
          <NavLink to="/revisionsspor">{t('adminNav.audit')}</NavLink>
          {canSeeAdministration(user) && <NavLink to="/administration/noegler">{t('adminNav.apiKeys')}</NavLink>}
          {canSeeAdministration(user) && <NavLink to="/administration/brugere">{t('adminNav.users')}</NavLink>}
        </nav>
      </header>
      <main id="main" className="container page" tabIndex={-1}>
        <AsOfControl />
        <Outlet />
      </main>
    </>
  );
}

function skipToMain(event: MouseEvent<HTMLAnchorElement>) {
  event.preventDefault();
  document.getElementById('main')?.focus();
}
