/**
 * Communications: push devices, the inbox, reading announcements and one's own feedback tickets: what a
 * form may send. What staff send (announcements they write, the agents' queue) is in staffCommunications.ts.
 * The lists of values repeat the database's check constraints (public.device_tokens, announcements,
 * feedback_tickets), which stay the authority.
 */
import * as z from 'zod/mini';
import { idSchema, languageSchema, wholeNumberSchema } from './common.ts';

/** How many to read at once: 1 to 100. */
const pageLimitSchema = z.optional(wholeNumberSchema.check(z.gte(1, { error: 'must be at least 1' }), z.lte(100, { error: 'must be at most 100' })));

/** Where a push token comes from (device_tokens_platform_known). */
export const devicePlatformSchema = z.enum(['web', 'android', 'ios']);

/** An FCM registration token: 1 to 4096 characters, no whitespace (device_tokens_token_format). */
export const deviceTokenSchema = z
  .string()
  .check(
    z.minLength(1, { error: 'is required' }),
    z.maxLength(4096, { error: 'must have at most 4096 characters' }),
    z.regex(/^\S+$/, { error: 'must not contain whitespace' }),
  );

/** A device to receive push notifications on. */
export const registerDeviceSchema = z.object({
  token: deviceTokenSchema,
  platform: devicePlatformSchema,
});

/**
 * Where a page of the inbox starts: the `next` of the page before (a notification's time and id), or
 * a time (ISO 8601): notifications created before it.
 */
export const inboxCursorSchema = z.string().check(
  z.refine(
    (value) => {
      const [time, id, ...rest] = value.split('|');
      if (rest.length > 0 || !time || Number.isNaN(Date.parse(time))) return false;
      return id === undefined || /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
    },
    { error: 'must be the `next` of a previous page, or a time (ISO 8601)' },
  ),
);

/**
 * What notifications are about, by the ids their data carries: a feedback ticket (its replies), an
 * announcement, or a person (status changes, reminders). Each one given narrows the choice.
 */
export const notificationAboutSchema = z.object({
  ticket_id: z.optional(idSchema),
  announcement_id: z.optional(idSchema),
  person_id: z.optional(idSchema),
});

/** A page of the inbox: unread only or all, at most `limit` (1 to 100, default 20), before a cursor, about something. */
export const inboxQuerySchema = z.object({
  /** Only notifications about this ticket, announcement or person. */
  about: z.optional(notificationAboutSchema),
  unreadOnly: z.optional(z.boolean({ error: 'must be true or false' })),
  limit: pageLimitSchema,
  before: z.optional(inboxCursorSchema),
  /** The language of titles and bodies (default: the client's); a missing translation falls back to Malay. */
  language: z.optional(languageSchema),
});

/** Which notifications to mark read: their ids (1 to 1000), 'all' the unread, or those about something. */
export const markReadSchema = z.union([
  z.enum(['all']),
  z.object({ about: notificationAboutSchema }),
  z
    .array(idSchema)
    .check(z.minLength(1, { error: 'must name at least one notification' }), z.maxLength(1000, { error: 'must name at most 1000 notifications' })),
]);

/** A page of announcements: at most `limit` (1 to 100, default 20), in a language (default: the client's). */
export const announcementListQuerySchema = z.object({
  limit: pageLimitSchema,
  language: z.optional(languageSchema),
});

/** What a ticket is about (feedback_tickets_category_known). */
export const feedbackCategorySchema = z.enum(['question', 'problem', 'suggestion', 'complaint', 'other']);

/** Where a ticket stands: open (waiting for an agent), answered (an agent replied), closed. */
export const feedbackStatusSchema = z.enum(['open', 'answered', 'closed']);

/** A message on a ticket: 1 to 5000 characters once trimmed. */
export const feedbackMessageSchema = z
  .string({ error: 'is required' })
  .check(z.trim(), z.minLength(1, { error: 'must not be blank' }), z.maxLength(5000, { error: 'must have at most 5000 characters' }));

/** A new ticket: its category, its first message, and a subject (default: the message's first line, shortened). */
export const openFeedbackTicketSchema = z.object({
  category: feedbackCategorySchema,
  subject: z.optional(
    z.string().check(z.trim(), z.minLength(1, { error: 'must not be blank' }), z.maxLength(200, { error: 'must have at most 200 characters' })),
  ),
  message: feedbackMessageSchema,
});

/** A reply on a ticket. */
export const feedbackReplySchema = z.object({ message: feedbackMessageSchema });

/** What `notifications.registerDevice` takes. */
export type RegisterDeviceInput = z.input<typeof registerDeviceSchema>;
/** What `notifications.inbox` takes. */
export type InboxQuery = z.input<typeof inboxQuerySchema>;
/** What notifications are about: a ticket, an announcement, a person. */
export type NotificationAbout = z.input<typeof notificationAboutSchema>;
/** What `notifications.markRead` takes: notification ids, `'all'`, or `{ about }`. */
export type MarkReadInput = z.input<typeof markReadSchema>;
/** What `announcements.list` takes. */
export type AnnouncementListQuery = z.input<typeof announcementListQuerySchema>;
/** What a ticket is about. */
export type FeedbackCategory = z.output<typeof feedbackCategorySchema>;
/** Where a ticket stands: open, answered or closed. */
export type FeedbackStatus = z.output<typeof feedbackStatusSchema>;
/** What `feedback.open` takes. */
export type OpenFeedbackTicketInput = z.input<typeof openFeedbackTicketSchema>;
/** What `feedback.reply` takes. */
export type FeedbackReplyInput = z.input<typeof feedbackReplySchema>;
