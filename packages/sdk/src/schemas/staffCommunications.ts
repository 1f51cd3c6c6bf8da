/**
 * Communications, the staff side: announcements written by officers, supervisors and administrators, and
 * the call-centre agents' queue of tickets. Exported by `@sejahtera/sdk/staff`. The limits repeat the
 * database's checks (private.is_translation, public.announcements), which stay the authority.
 */
import * as z from 'zod/mini';
import { feedbackStatusSchema } from './communications.ts';
import { districtCodeSchema, riskStatusSchema } from './common.ts';

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

/**
 * Which tickets an agent lists: by status (default open), changed at or after `since` (an ISO 8601
 * time, for a console that polls), at most `limit` (1 to 500, default 100).
 */
export const feedbackQueueQuerySchema = z.object({
  status: z.optional(z.union([feedbackStatusSchema, z.array(feedbackStatusSchema).check(z.minLength(1, { error: 'must name a status' }))])),
  since: z.optional(z.iso.datetime({ offset: true, error: 'must be a time (ISO 8601)' })),
  limit: z.optional(z.int({ error: 'must be a whole number' }).check(z.gte(1, { error: 'must be at least 1' }), z.lte(500, { error: 'must be at most 500' }))),
});

/** An announcement's audience: everyone, a state, a district, or a status group. */
export type AnnouncementTarget = z.output<typeof announcementTargetSchema>;
/** What `announcements.listOwn` takes. */
export type OwnAnnouncementsQuery = z.input<typeof ownAnnouncementsQuerySchema>;
/** What `announcements.create` takes. */
export type CreateAnnouncementInput = z.input<typeof createAnnouncementSchema>;
/** What `announcements.update` takes. */
export type UpdateAnnouncementInput = z.input<typeof updateAnnouncementSchema>;
/** What `feedback.queue` takes. */
export type FeedbackQueueQuery = z.input<typeof feedbackQueueQuerySchema>;
/** Texts in Malay and English, optionally Chinese and Tamil, as the database stores them. */
export type Translations = z.output<typeof announcementTitleSchema>;
