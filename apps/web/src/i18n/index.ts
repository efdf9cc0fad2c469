// i18next with the two catalogues bundled: Danish first, English selectable; the choice is remembered and set on <html lang>.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { da } from './da';
import { en } from './en';

export const LANGUAGES = ['da', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'puljeflow.language';

function storedLanguage(): Language {
  const stored = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);
  return stored === 'en' ? 'en' : 'da';
}

export const i18n = i18next.createInstance();
void i18n.use(initReactI18next).init({
  resources: { da: { translation: da }, en: { translation: en } },
  lng: storedLanguage(),
  fallbackLng: 'da',
  interpolation: { escapeValue: false },
  initAsync: false,
});

function applyLang(lng: string) {
  if (typeof document !== 'undefined') document.documentElement.lang = lng;
}
applyLang(i18n.language);
i18n.on('languageChanged', (lng) => {
  applyLang(lng);
  if (typeof localStorage !== 'undefined') localStorage.setItem(STORAGE_KEY, lng);
});
