/**
 * The site's two languages. Texts live in catalogues (ms.ts, en.ts); the language is the `locale`
 * cookie's, else the browser's first acceptable one (Accept-Language), else Malay.
 */
import { en, type Messages } from './en';
import { ms } from './ms';

export const LOCALES = ['ms', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'ms';
export const LOCALE_COOKIE = 'locale';

const catalogues: Record<Locale, Messages> = { ms, en };

export type { Messages };

export function messages(locale: Locale): Messages {
  return catalogues[locale];
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
 * The SDK's schemas speak English fragments ("must have at least 8 characters"); people read them in
 * their language. Known messages are translated here, anything else falls back to a generic message.
 */
const SDK_MESSAGES: Array<[RegExp, Record<Locale, string | ((m: RegExpMatchArray) => string)>]> = [
  [/^must be the 6-digit code we sent$/, { en: 'Enter the 6-digit code we sent.', ms: 'Masukkan kod 6 digit yang kami hantar.' }],
  [/^must be a Malaysian mobile number/, { en: 'Enter a Malaysian mobile number, e.g. 012-345 6789.', ms: 'Masukkan nombor telefon bimbit Malaysia, cth. 012-345 6789.' }],
  [/^must be a phone number in international form/, { en: 'Enter a phone number, e.g. 012-345 6789 or +65 8123 4567.', ms: 'Masukkan nombor telefon, cth. 012-345 6789 atau +65 8123 4567.' }],
  [/^is required/, { en: 'This field is required.', ms: 'Medan ini wajib diisi.' }],
  [/^must be an email address$/, { en: 'Enter an email address, e.g. name@example.com.', ms: 'Masukkan alamat e-mel, cth. nama@contoh.com.' }],
  [/^must have at least (\d+) characters$/, { en: (m) => `Use at least ${m[1]} characters.`, ms: (m) => `Gunakan sekurang-kurangnya ${m[1]} aksara.` }],
  [/^must have at most (\d+) characters$/, { en: (m) => `Use at most ${m[1]} characters.`, ms: (m) => `Gunakan tidak lebih daripada ${m[1]} aksara.` }],
  [/^must contain a letter$/, { en: 'Include at least one letter.', ms: 'Sertakan sekurang-kurangnya satu huruf.' }],
  [/^must contain a digit$/, { en: 'Include at least one digit.', ms: 'Sertakan sekurang-kurangnya satu digit.' }],
  [/^must be a date/, { en: 'Enter a date.', ms: 'Masukkan tarikh.' }],
  [/^cannot be in the future$/, { en: 'The date cannot be in the future.', ms: 'Tarikh tidak boleh pada masa hadapan.' }],
  [/^a MyKad number has 12 digits/, { en: 'A MyKad number has 12 digits (YYMMDD-PB-###G).', ms: 'Nombor MyKad mempunyai 12 digit (YYMMDD-PB-###G).' }],
  [/^the first six digits of a MyKad number are a date of birth/, { en: 'The first six digits of a MyKad number are a date of birth (YYMMDD), and these are not a real date.', ms: 'Enam digit pertama nombor MyKad ialah tarikh lahir (YYMMDD), dan ini bukan tarikh yang sah.' }],
  [/^digits 7 and 8 of a MyKad number are a place-of-birth code, and (\d+) is not one$/, { en: (m) => `Digits 7 and 8 of a MyKad number are a place-of-birth code, and ${m[1]} is not one.`, ms: (m) => `Digit 7 dan 8 nombor MyKad ialah kod tempat lahir, dan ${m[1]} bukan kod yang sah.` }],
  [/^a passport number has 5 to 20 letters and digits$/, { en: 'A passport number has 5 to 20 letters and digits.', ms: 'Nombor pasport mempunyai 5 hingga 20 huruf dan digit.' }],
  [/^a document number has 3 to 30 characters$/, { en: 'A document number has 3 to 30 characters.', ms: 'Nombor dokumen mempunyai 3 hingga 30 aksara.' }],
  [/^must be a district code/, { en: 'Choose a district.', ms: 'Pilih daerah.' }],
  [/^must be a two-letter country code/, { en: 'Enter a two-letter country code, e.g. SG.', ms: 'Masukkan kod negara dua huruf, cth. SG.' }],
  [/^must be a 5-digit postcode$/, { en: 'A postcode has 5 digits.', ms: 'Poskod mempunyai 5 digit.' }],
  [/^does not match the date of birth in the MyKad number$/, { en: 'This does not match the date of birth in the MyKad number.', ms: 'Ini tidak sepadan dengan tarikh lahir dalam nombor MyKad.' }],
  [/^must be a time of day/, { en: 'Enter a time of day, e.g. 09:00.', ms: 'Masukkan masa, cth. 09:00.' }],
  [/^say which document the number is from/, { en: 'Choose the kind of identity document.', ms: 'Pilih jenis dokumen pengenalan.' }],
];

export function translateFieldMessage(locale: Locale, message: string): string {
  for (const [pattern, texts] of SDK_MESSAGES) {
    const match = message.match(pattern);
    if (match) {
      const text = texts[locale];
      return typeof text === 'function' ? text(match) : text;
    }
  }
  return catalogues[locale].form.checkField;
}
