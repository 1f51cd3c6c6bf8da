/**
 * Status cards: a person's status with its advice, for a close contact the days of monitoring left,
 * and whether today's declaration is still to be made.
 */
import { malaysianToday, type SejahteraClient } from '@sejahtera/sdk';
import type { Person } from './people';
import type { Locale } from '$lib/i18n';
import type { StatusCard } from '$lib/status';

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * Open monitoring of these persons. The SDK's status.current does not carry the monitoring period
 * (its only public reader is privacy.exportMyData, far too heavy per page), so the rows are read
 * through its supabase-js client; row-level security limits them to oneself and one's dependents.
 */
async function openMonitoring(sejahtera: SejahteraClient, personIds: string[]): Promise<Map<string, string>> {
  const { data, error } = await sejahtera.supabase
    .from('monitoring')
    .select('person_id, ends_on')
    .in('person_id', personIds)
    .eq('state', 'active')
    .order('ends_on', { ascending: false });
  if (error) throw error;
  const ends = new Map<string, string>();
  for (const row of data) if (!ends.has(row.person_id)) ends.set(row.person_id, row.ends_on);
  return ends;
}

export async function statusCards(
  sejahtera: SejahteraClient,
  people: Person[],
  language: Locale,
): Promise<StatusCard[]> {
  const [statuses, monitoring, latest] = await Promise.all([
    Promise.all(people.map((person) => sejahtera.status.current({ person_id: person.id, language }))),
    openMonitoring(
      sejahtera,
      people.map((p) => p.id),
    ),
    // Each person's latest declaration: the SDK has no "declared today?" of its own.
    Promise.all(people.map((person) => sejahtera.assessments.list({ person_id: person.id, limit: 1 }).then(([last]) => last))),
  ]);
  const today = malaysianToday();
  return people.map((person, i) => {
    const status = statuses[i];
    const endsOn = monitoring.get(person.id);
    const watched = endsOn && (status.status === 'close_contact' || status.status === 'casual_contact');
    const last = latest[i];
    return {
      ...status,
      name: person.name,
      relationship: person.relationship,
      monitoring: watched ? { endsOn, daysLeft: Math.max(1, daysBetween(today, endsOn) + 1) } : null,
      assessHref: person.relationship === null ? '/assess' : `/people/${person.id}/assess`,
      day0Due: last === undefined,
      declaredToday: last !== undefined && malaysianToday(new Date(last.submitted_at)) === today,
    };
  });
}
