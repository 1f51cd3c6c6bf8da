import type { Json } from '../database.types.ts';
import type { Language } from '../types.ts';

/** A translated text ({"ms": ..., "en": ...}) in `language`, else in the first of `fallbacks` it has (default English, then Malay). */
export function localize(text: Json, language: Language, fallbacks: readonly Language[] = ['en', 'ms']): string {
  return translationOf(text, language, fallbacks)?.text ?? (typeof text === 'string' ? text : '');
}

/** The text in `language` or the first of `fallbacks` that a translated text has, and which language that is. */
export function translationOf(text: Json, language: Language, fallbacks: readonly Language[]): { language: Language; text: string } | undefined {
  if (typeof text !== 'object' || text === null || Array.isArray(text)) return undefined;
  for (const lang of [language, ...fallbacks]) {
    const value = text[lang];
    if (typeof value === 'string' && value.length > 0) return { language: lang, text: value };
  }
  return undefined;
}
