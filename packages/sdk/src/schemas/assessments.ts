/** Health declarations: what a form may send. */
import * as z from 'zod/mini';
import { dateTimeSchema, idSchema } from './common.ts';

/** A question's code, as public.questions has them (e.g. cough, close_contact). */
export const questionCodeSchema = z.string().check(z.regex(/^[a-z][a-z0-9_]{1,39}$/, { error: 'must be a question code' }));

/**
 * The answers by question code, each true or false. An object of any keys whose names are then checked,
 * rather than z.record: the same rules and issues (`answers.cough`: invalid_type), without zod's record
 * machinery in every app's bundle.
 */
const answersSchema = z.catchall(z.object({}), z.boolean({ error: 'must be true or false' })).check(
  z.superRefine((answers, ctx) => {
    for (const code of Object.keys(answers)) {
      if (!z.safeParse(questionCodeSchema, code).success) ctx.addIssue({ code: 'custom', path: [code], input: code, message: 'must be a question code' });
    }
  }),
);

/** A declaration: the answer (true or false) to every question of the questionnaire, for oneself or a dependent. */
export const submitAssessmentSchema = z.object({
  /** Whose declaration: a dependent's person id; one's own when left out. */
  person_id: z.optional(idSchema),
  answers: answersSchema,
  /** The questionnaire version answered; the current one when left out. */
  questionnaire_id: z.optional(idSchema),
  /**
   * When the person declared, if the device held the declaration before sending it (ISO 8601, at most
   * 48 hours ago): it counts for that moment and day. Left out: the moment it arrives.
   */
  declared_at: z.optional(dateTimeSchema),
});

/** An idempotency key: 8 to 100 characters, the same for every retry of one submission. */
export const idempotencyKeySchema = z
  .string()
  .check(z.minLength(8, { error: 'must have at least 8 characters' }), z.maxLength(100, { error: 'must have at most 100 characters' }));


/** What `assessments.submit` takes. */
export type SubmitAssessmentInput = z.input<typeof submitAssessmentSchema>;
