/**
 * Status cards: a person's status with its advice, for a close contact the days of monitoring left,
 * and whether today's declaration is still to be made (all three from the SDK's status.current).
 */
import type { SejahteraClient } from '@sejahtera/sdk';
import type { Person } from './people';
import type { Locale } from '$lib/i18n';
import type { StatusCard } from '$lib/status';

export async function statusCards(
  sejahtera: SejahteraClient,
  people: Person[],
  language: Locale,
): Promise<StatusCard[]> {
  const statuses = await Promise.all(people.map((person) => sejahtera.status.current({ person_id: person.id, language })));
  return people.map((person, i) => {
    const status = statuses[i];
    const period = status.monitoring?.state === 'active' ? status.monitoring : null;
    const watched = period && (status.status === 'close_contact' || status.status === 'casual_contact');
    return {
      ...status,
      name: person.name,
      relationship: person.relationship,
      monitoring: watched ? { endsOn: period.ends_on, daysLeft: Math.max(1, period.days_left) } : null,
      assessHref: person.relationship === null ? '/assess' : `/people/${person.id}/assess`,
      day0Due: status.declaration.kind === 'day0',
      declaredToday: status.declaration.declared_today,
    };
  });
}
