/**
 * Status cards: a person's status with its advice, for a close contact the days of monitoring left,
 * and whether today's declaration is still to be made (all from the SDK's status.list).
 */
import type { PersonStatus } from '@sejahtera/sdk';
import type { StatusCard } from '$lib/status';

export function statusCard(status: PersonStatus): StatusCard {
  const { full_name: name, relationship, ...current } = status;
  const period = current.monitoring?.state === 'active' ? current.monitoring : null;
  const watched = period && (current.status === 'close_contact' || current.status === 'casual_contact');
  return {
    ...current,
    name,
    relationship,
    monitoring: watched ? { endsOn: period.ends_on, daysLeft: Math.max(1, period.days_left) } : null,
    assessHref: relationship === null ? '/assess' : `/people/${current.person_id}/assess`,
    day0Due: current.declaration.kind === 'day0',
    declaredToday: current.declaration.declared_today,
  };
}
