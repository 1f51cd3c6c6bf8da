/**
 * Communications: push devices, the inbox, announcements and feedback tickets: what a form may send.
 * The lists of values repeat the database's check constraints (public.device_tokens, announcements,
 * feedback_tickets), which stay the authority.
 */
import * as z from 'zod/mini';
import { districtCodeSchema, idSchema, languageSchema, riskStatusSchema } from './common.ts';

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

/** A page of the inbox: unread only or all, at most `limit` (1 to 100, default 20), before a cursor. */
export const inboxQuerySchema = z.object({
  unreadOnly: z.optional(z.boolean({ error: 'must be true or false' })),
  limit: z.optional(z.int({ error: 'must be a whole number' }).check(z.gte(1, { error: 'must be at least 1' }), z.lte(100, { error: 'must be at most 100' }))),
  before: z.optional(inboxCursorSchema),
  /** The language of titles and bodies (default: the client's); a missing translation falls back to Malay. */
  language: z.optional(languageSchema),
});

/** Which notifications to mark read: their ids (1 to 1000), or 'all' the unread. */
export const markReadSchema = z.union([
  z.literal('all'),
  z
    .array(idSchema)
    .check(z.minLength(1, { error: 'must name at least one notification' }), z.maxLength(1000, { error: 'must name at most 1000 notifications' })),
]);

function translationSchema(maxLength: number) {
  const text = z
    .string({ error: 'is required' })
    .check(
      z.trim(),
      z.minLength(1, { error: 'must not be blank' }),
      z.maxLength(maxLength, { error: `must have at most ${maxLength} characters` }),
    );
  // Malay and English are required, Chinese and Tamil optional (private.is_translation).
  return z.strictObject({ ms: text, en: text, zh: z.optional(text), ta: z.optional(text) }, { error: 'must be translations: { ms, en[, zh, ta] }' });
}

/** An announcement's title: Malay and English (each 1 to 200 characters), Chinese and Tamil optional. */
export const announcementTitleSchema = translationSchema(200);
/** An announcement's body: Malay and English (each 1 to 5000 characters), Chinese and Tamil optional. */
export const announcementBodySchema = translationSchema(5000);

/** A state code as public.states has them, e.g. MY-10 (Selangor). */
export const stateCodeSchema = z.string().check(z.regex(/^MY-[0-9]{2}$/, { error: 'must be a state code, e.g. MY-10' }));

/**
 * Who an announcement is for: everyone (administrators), a state (supervisors of it), a district
 * (its officers and supervisor), or everyone with a status (administrators).
 */
export const announcementTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('everyone') }),
  z.object({ kind: z.literal('state'), state: stateCodeSchema }),
  z.object({ kind: z.literal('district'), district: districtCodeSchema }),
  z.object({ kind: z.literal('status'), status: riskStatusSchema }),
]);

/** A page of announcements: at most `limit` (1 to 100, default 20), in a language (default: the client's). */
export const announcementListQuerySchema = z.object({
  limit: z.optional(z.int({ error: 'must be a whole number' }).check(z.gte(1, { error: 'must be at least 1' }), z.lte(100, { error: 'must be at most 100' }))),
  language: z.optional(languageSchema),
});

/** The announcements one has written: drafts only, published only, or both (default); at most `limit` (1 to 100, default 50). */
export const ownAnnouncementsQuerySchema = z.object({
  published: z.optional(z.boolean({ error: 'must be true or false' })),
  limit: z.optional(z.int({ error: 'must be a whole number' }).check(z.gte(1, { error: 'must be at least 1' }), z.lte(100, { error: 'must be at most 100' }))),
});

/** A new announcement (a draft until published). */
export const createAnnouncementSchema = z.object({
  title: announcementTitleSchema,
  body: announcementBodySchema,
  target: announcementTargetSchema,
});

/** Changes to a draft: only the fields given, at least one. */
export const updateAnnouncementSchema = z
  .object({
    title: z.optional(announcementTitleSchema),
    body: z.optional(announcementBodySchema),
    target: z.optional(announcementTargetSchema),
  })
  .check(
    z.refine((value) => value.title !== undefined || value.body !== undefined || value.target !== undefined, {
      error: 'give at least one of title, body, target',
    }),
  );

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

/**
 * Which tickets an agent lists: by status (default open), changed at or after `since` (an ISO 8601
 * time, for a console that polls), at most `limit` (1 to 500, default 100).
 */
export const feedbackQueueQuerySchema = z.object({
  status: z.optional(z.union([feedbackStatusSchema, z.array(feedbackStatusSchema).check(z.minLength(1, { error: 'must name a status' }))])),
  since: z.optional(z.iso.datetime({ offset: true, error: 'must be a time (ISO 8601)' })),
  limit: z.optional(z.int({ error: 'must be a whole number' }).check(z.gte(1, { error: 'must be at least 1' }), z.lte(500, { error: 'must be at most 500' }))),
});

/** What `notifications.registerDevice` takes. */
export type RegisterDeviceInput = z.input<typeof registerDeviceSchema>;
/** What `notifications.inbox` takes. */
export type InboxQuery = z.input<typeof inboxQuerySchema>;
/** What `notifications.markRead` takes: notification ids, or `'all'`. */
export type MarkReadInput = z.input<typeof markReadSchema>;
/** An announcement's audience: everyone, a state, a district, or a status group. */
export type AnnouncementTarget = z.output<typeof announcementTargetSchema>;
/** What `announcements.list` takes. */
export type AnnouncementListQuery = z.input<typeof announcementListQuerySchema>;
/** What `announcements.listOwn` takes. */
export type OwnAnnouncementsQuery = z.input<typeof ownAnnouncementsQuerySchema>;
/** What `announcements.create` takes. */
export type CreateAnnouncementInput = z.input<typeof createAnnouncementSchema>;
/** What `announcements.update` takes. */
export type UpdateAnnouncementInput = z.input<typeof updateAnnouncementSchema>;
/** What a ticket is about. */
export type FeedbackCategory = z.output<typeof feedbackCategorySchema>;
/** Where a ticket stands: open, answered or closed. */
export type FeedbackStatus = z.output<typeof feedbackStatusSchema>;
/** What `feedback.open` takes. */
export type OpenFeedbackTicketInput = z.input<typeof openFeedbackTicketSchema>;
/** What `feedback.reply` takes. */
export type FeedbackReplyInput = z.input<typeof feedbackReplySchema>;
/** What `feedback.queue` takes. */
export type FeedbackQueueQuery = z.input<typeof feedbackQueueQuerySchema>;
/** Texts in Malay and English, optionally Chinese and Tamil, as the database stores them. */
export type Translations = z.output<typeof announcementTitleSchema>;
