import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '../i18n';

/** Dansk first; English for those who ask. The choice sets <html lang> and is remembered. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const id = useId();
  const names: Record<(typeof LANGUAGES)[number], string> = { da: 'Dansk', en: 'English' };
  return (
    <div className="language-switch">
      <label htmlFor={id} className="form-label">
        {t('app.language')}
      </label>
      <select id={id} className="form-select" value={i18n.language} onChange={(e) => void i18n.changeLanguage(e.target.value)}>
        {LANGUAGES.map((lng) => (
          <option key={lng} value={lng} lang={lng}>
            {names[lng]}
          </option>
        ))}
      </select>
    </div>
  );
}
