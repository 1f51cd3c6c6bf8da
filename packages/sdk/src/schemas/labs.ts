/** Lab results: what an officer's form may send. */
import * as z from 'zod/mini';
import { Constants } from '../database.types.ts';
import { idSchema, pastDateSchema } from './common.ts';

const enums = Constants.public.Enums;

/** The kind of COVID-19 test: pcr or antigen. */
export const labTestTypeSchema = z.enum(enums.lab_test_type);
/** What a test found: positive, negative or inconclusive. */
export const labResultValueSchema = z.enum(enums.lab_result_value);

/** A COVID-19 test result for a person the officer traces. A positive result makes the person a confirmed case. */
export const enterLabResultSchema = z.object({
  person_id: idSchema,
  /** pcr or antigen. */
  test_type: labTestTypeSchema,
  /** positive, negative or inconclusive. */
  result: labResultValueSchema,
  /** The day the sample was taken (not in the future). */
  sampled_on: pastDateSchema,
  /** The laboratory or clinic that ran the test. */
  laboratory: z.optional(z.string().check(z.trim(), z.minLength(1, { error: 'leave it out rather than empty' }), z.maxLength(200, { error: 'must have at most 200 characters' }))),
});

/** What `labs.enter` takes. */
export type EnterLabResultInput = z.input<typeof enterLabResultSchema>;
