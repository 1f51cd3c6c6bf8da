/**
 * The console's languages: Malay and English, switchable (LocalesMenuButton), every label a key.
 * The first language is the one chosen before (react-admin's store), else the browser's, else Malay.
 */
import polyglotI18nProvider from 'ra-i18n-polyglot';
import en from './en.ts';
import ms from './ms.ts';

export const locales = [
  { locale: 'ms', name: 'Bahasa Melayu' },
  { locale: 'en', name: 'English' },
];

const browserLocale = (): 'ms' | 'en' =>
  typeof navigator !== 'undefined' && navigator.language?.toLowerCase().startsWith('en') ? 'en' : 'ms';

export const i18nProvider = polyglotI18nProvider((locale) => (locale === 'en' ? en : ms), browserLocale(), locales, {
  allowMissing: false,
});
