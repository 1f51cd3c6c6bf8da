/**
 * The site's two languages. Texts live in catalogues (ms.ts, en.ts), each a chunk of its own loaded
 * when a page first needs it (loadMessages: on the server in the hook, in the browser by the root
 * layout's load), so that a browser downloads only the page's language. The language is the `locale`
 * cookie's, else the browser's first acceptable one (Accept-Language), else Malay.
 */
import type { Messages } from './en';

export const LOCALES = ['ms', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'ms';
export const LOCALE_COOKIE = 'locale';

const loaders: Record<Locale, () => Promise<Messages>> = {
  ms: () => import('./ms').then((module) => module.ms),
  en: () => import('./en').then((module) => module.en),
};

/** Catalogues loaded so far: the same texts for everyone, so one copy serves every request. */
const catalogues: Partial<Record<Locale, Messages>> = {};

export type { Messages };

/** Loads a language's catalogue (once); after it, `messages(locale)` answers at once. */
export async function loadMessages(locale: Locale): Promise<Messages> {
  return (catalogues[locale] ??= await loaders[locale]());
}

/** The texts of a language whose catalogue is loaded (see loadMessages). */
export function messages(locale: Locale): Messages {
  // Before its catalogue arrives (a page rendered while switching), the one already loaded serves.
  const found = catalogues[locale] ?? catalogues[locale === 'ms' ? 'en' : 'ms'];
  if (!found) throw new Error(`The ${locale} messages are not loaded: await loadMessages('${locale}') first`);
  return found;
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** The first of our languages the browser accepts, by q-value (ms-MY counts as ms); null if none. */
export function fromAcceptLanguage(header: string | null): Locale | null {
  if (!header) return null;
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((entry) => entry.tag && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    const primary = tag.split('-')[0];
    if (isLocale(primary)) return primary;
  }
  return null;
}

const intlLocale: Record<Locale, string> = { ms: 'ms-MY', en: 'en-MY' };

/** A date (YYYY-MM-DD) or a moment, as people of the language write it, in Malaysia's time. */
export function formatDate(locale: Locale, value: string, withTime = false): string {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00+08:00`) : new Date(value);
  return new Intl.DateTimeFormat(intlLocale[locale], {
    dateStyle: 'long',
    ...(withTime ? { timeStyle: 'short' } : {}),
    timeZone: 'Asia/Kuala_Lumpur',
  }).format(date);
}

/**
 * What is wrong with a field, in the page's language, by the SDK's stable code (a FieldIssue of a
 * ValidationError, or of fieldIssues over a schema's own parse); a code without words of its own here
 * gets the general "check this field".
 */
export function fieldMessage(locale: Locale, issue: { code: string; params?: Readonly<Record<string, number>> }): string {
  const m = messages(locale);
  const text = (m.fieldErrors as Record<string, string | ((n: number) => string)>)[issue.code];
  if (typeof text === 'function') return text(issue.params?.minimum ?? issue.params?.maximum ?? 0);
  return text ?? m.form.checkField;
}
