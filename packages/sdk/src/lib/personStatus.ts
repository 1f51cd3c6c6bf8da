/** Reading public.person_status: the people a signed-in user acts for, at a glance. */
import type { Json } from '../database.types.ts';
import type { Language, MonitoringPeriod } from '../types.ts';
import { localize } from './localize.ts';

/** A monitoring period as the view shapes it (its outbreak's name translated, {ms, en}). */
type StoredPeriod = Omit<MonitoringPeriod, 'outbreak'> & { outbreak: { code: string; name: Json } | null };

/** The view's monitoring period, its outbreak named in `language`; null when there is none. */
export function monitoringOf(monitoring: Json | null | undefined, language: Language): MonitoringPeriod | null {
  if (!monitoring) return null;
  const { outbreak, ...period } = monitoring as StoredPeriod;
  return { ...period, outbreak: outbreak && { code: outbreak.code, name: localize(outbreak.name, language) } };
}
