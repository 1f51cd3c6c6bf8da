import type { Json } from '../database.types.ts';
import type { Language } from '../types.ts';

/** A translated text ({"ms": ..., "en": ...}) in `language`, else English, else Malay. */
export function localize(text: Json, language: Language): string {
  if (typeof text !== 'object' || text === null || Array.isArray(text)) return typeof text === 'string' ? text : '';
  for (const lang of [language, 'en', 'ms']) {
    const value = text[lang];
    if (typeof value === 'string' && value.length > 0) return value;
  }
  return '';
}
