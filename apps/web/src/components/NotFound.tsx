import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';

export function NotFound() {
  const { t } = useTranslation();
  const location = useLocation();
  return (
    <section>
      <h1>{t('app.notFound')}</h1>
      <p>
        {t('app.notFoundText', { path: location.pathname })} <Link to="/puljer">{t('app.toPools')}</Link>
      </p>
    </section>
  );
}
