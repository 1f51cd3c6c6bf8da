/**
 * The inbox: how many notifications are unread (for the header), where each one leads, and marking
 * read the notifications about what a page shows (a ticket's replies, an announcement) once it is read.
 */
import type { InboxNotification, SejahteraClient } from '@sejahtera/sdk';

/**
 * Unread notifications of the signed-in account. The SDK's inbox pages whole notifications; the header
 * needs only their number, so it is counted through its supabase-js client (row-level security limits
 * the count to the account's own inbox).
 */
export async function unreadCount(sejahtera: SejahteraClient): Promise<number> {
  const { count, error } = await sejahtera.supabase.from('notifications').select('id', { count: 'exact', head: true }).is('read_at', null);
  if (error) throw error;
  return count ?? 0;
}

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
 * Marks read the unread notifications whose data names `value` under `key` (a ticket's replies once the
 * thread is open, an announcement once it is shown). The SDK's inbox has no filter by what a notification
 * is about: the newest 100 unread are looked through (a reply or an announcement is read soon after it comes).
 * Returns the unread count after marking, for the page's data, when it changed.
 */
export async function markReadAbout(sejahtera: SejahteraClient, key: 'ticket_id' | 'announcement_id', value: string): Promise<{ unreadNotifications?: number }> {
  const { notifications } = await sejahtera.notifications.inbox({ unreadOnly: true, limit: 100 });
  const ids = notifications.filter((n) => n.data[key] === value).map((n) => n.id);
  if (ids.length === 0) return {};
  await sejahtera.notifications.markRead(ids);
  // The layout counted while this page loaded: the page's count, now, replaces it in the header.
  return { unreadNotifications: await unreadCount(sejahtera) };
}
