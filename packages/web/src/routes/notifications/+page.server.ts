import { redirect } from '@sveltejs/kit';
import { idSchema, inboxCursorSchema } from '@sejahtera/sdk';
import { messages } from '$lib/i18n';
import { failForm } from '$lib/server/forms';
import { notificationHref } from '$lib/server/notifications';
import { sejahteraFor } from '$lib/server/sejahtera';
import { summary } from '$lib/summary';
import type { Actions, PageServerLoad } from './$types';

const PAGE_SIZE = 20;

/** Where the inbox was (its page), to come back to after marking read. */
function inboxAt(url: URL): string {
  const before = url.searchParams.get('before');
  return before && inboxCursorSchema.safeParse(before).success ? `/notifications?before=${encodeURIComponent(before)}` : '/notifications';
}

/** A page of the inbox, newest first, each notification with the page it is about and whom, in the page's language. */
export const load: PageServerLoad = async (event) => {
  const sejahtera = sejahteraFor(event);
  const before = event.url.searchParams.get('before');
  // A cursor that is not one (an edited address) starts from the newest.
  if (before !== null && !inboxCursorSchema.safeParse(before).success) redirect(303, '/notifications');
  // The unread count is the layout's (data.unreadNotifications), read beside these.
  const [page, people] = await Promise.all([
    sejahtera.notifications.inbox({ limit: PAGE_SIZE, before: before ?? undefined, language: event.locals.locale }),
    sejahtera.status.list(),
  ]);
  // A guardian gets notifications about each dependent: each says whom it is about (not oneself).
  const names = new Map(people.filter((p) => p.relationship !== null).map((p) => [p.person_id, p.full_name]));
  return {
    notifications: page.notifications.map((n) => ({
      id: n.id,
      kind: n.kind,
      title: n.title,
      // An announcement's whole text is on its page; the inbox says what it is about.
      body: n.kind === 'announcement' ? summary(n.body) : n.body,
      created_at: n.created_at,
      read: n.read_at !== null,
      href: notificationHref(n),
      about: n.person_id ? (names.get(n.person_id) ?? null) : null,
    })),
    next: page.next,
    paged: before !== null,
  };
};

export const actions = {
  /** Marks one notification read; one that is not the account's (or read already) is left as it is. */
  read: async (event) => {
    const form = await event.request.formData();
    const id = idSchema.safeParse(form.get('id'));
    if (!id.success) return failForm({ form: [messages(event.locals.locale).notifications.notYours] }, {});
    await sejahteraFor(event).notifications.markRead([id.data]);
    redirect(303, inboxAt(event.url));
  },
  /** Marks every unread notification of the account read. */
  readAll: async (event) => {
    await sejahteraFor(event).notifications.markRead('all');
    redirect(303, inboxAt(event.url));
  },
} satisfies Actions;
