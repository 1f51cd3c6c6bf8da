/**
 * The inbox: where each notification leads, and marking read the notifications about what a page shows
 * (a ticket's replies, an announcement) once it is read.
 */
import type { InboxNotification, NotificationAbout, SejahteraClient } from '@sejahtera/sdk';

/** The page a notification is about, from the ids its data carries; null when it is about no page. */
export function notificationHref(notification: Pick<InboxNotification, 'kind' | 'person_id' | 'data'>): string | null {
  const { kind, person_id: personId, data } = notification;
  const id = (key: string) => (typeof data[key] === 'string' ? (data[key] as string) : null);
  const announcement = id('announcement_id');
  if (announcement) return `/announcements/${announcement}`;
  const ticket = id('ticket_id');
  if (ticket) return `/feedback/${ticket}`;
  const person = personId ?? id('person_id');
  if (kind === 'reminder' && person) return `/people/${person}/assess`;
  if (person) return `/people/${person}`;
  return null;
}

/**
 * Marks read the unread notifications about what a page shows (a ticket's replies once the thread is
 * open, an announcement once it is shown). Returns the unread count after marking, for the page's data,
 * when it changed.
 */
export async function markReadAbout(sejahtera: SejahteraClient, about: NotificationAbout): Promise<{ unreadNotifications?: number }> {
  if ((await sejahtera.notifications.markRead({ about })) === 0) return {};
  // The layout counted while this page loaded: the page's count, now, replaces it in the header.
  return { unreadNotifications: await sejahtera.notifications.unreadCount() };
}
