/** Contact tracing: what an officer's form (or file) may send for cases, contacts and monitoring. */
import * as z from 'zod/mini';
import { Constants } from '../database.types.ts';
import { districtCodeSchema, idSchema, pastDateSchema } from './common.ts';

const enums = Constants.public.Enums;

/** Where a case stands: active, recovered, deceased or closed (any but active closes it). */
export const caseStatusSchema = z.enum(enums.case_status);
/** How near a contact was to the case: close (the default) or casual. */
export const contactProximitySchema = z.enum(enums.contact_proximity);

/** Where an exposure happened (public.contacts' check). */
export const contactSettingSchema = z.enum(['household', 'workplace', 'school', 'social', 'healthcare', 'travel', 'religious', 'other']);

/** Where a case came from (public.cases' check). */
export const caseSourceSchema = z.enum(['local', 'imported', 'unknown']);

/** The officers' line lists, as public.monitoring_summary files each monitoring period. */
export const lineListSchema = z.enum(['symptomatic', 'non_reporting', 'asymptomatic', 'test_advised', 'closed']);

/** A case number as the database accepts it: 3 to 40 capital letters, digits, "/" and "-" (e.g. SEL-2026-0042). Upper-cased. */
export const caseNumberSchema = z.pipe(
  z.string().check(z.trim(), z.toUpperCase()),
  z.string().check(z.regex(/^[A-Z0-9][A-Z0-9/-]{2,39}$/, { error: 'must be 3 to 40 letters, digits, "/" or "-", starting with a letter or digit' })),
);

/** Recording a confirmed case of a person the officer traces. */
export const createCaseSchema = z.object({
  person_id: idSchema,
  case_number: caseNumberSchema,
  diagnosis_date: pastDateSchema,
  /** local, imported or unknown (the default). */
  source: z.optional(caseSourceSchema),
  /** The outbreak, which sets how long the case's contacts are monitored; the rule set's period when left out. */
  outbreak_id: z.optional(idSchema),
  /** Used only when the person's district is unknown: a case belongs to its person's district. */
  district_code: z.optional(districtCodeSchema),
});

/** Closing a case: how it ended. */
export const closeCaseSchema = z.object({
  status: z.enum(['recovered', 'deceased', 'closed']),
  /** Why, in the officer's words (kept with the case); at most 1000 characters. */
  reason: z.optional(z.string().check(z.trim(), z.maxLength(1000, { error: 'must have at most 1000 characters' }))),
});

/** Adding a person the officer can already see as a contact of a case. */
export const addContactByPersonSchema = z.object({
  person_id: idSchema,
  last_exposure_date: pastDateSchema,
  proximity: z.optional(contactProximitySchema),
  setting: z.optional(contactSettingSchema),
});

const importField = z.optional(z.nullable(z.string({ error: 'must be text' })));

/**
 * One row of a contacts file, as a CSV or XLSX parser gives it: text fields, any of which may be missing.
 * Only the shape is checked here; the database judges each row (a missing name, a bad MyKad, a future
 * date) and reports it in the import's result without refusing the rest.
 */
export const contactImportRowSchema = z.object({
  full_name: importField,
  phone: importField,
  identity_type: importField,
  identity_number: importField,
  nationality: importField,
  setting: importField,
  proximity: importField,
  last_exposure_date: importField,
  district_code: importField,
});

/** A contacts file's rows: 1 to 20,000 (the database's limit per import). */
export const contactImportRowsSchema = z
  .array(contactImportRowSchema)
  .check(z.minLength(1, { error: 'give at least one row' }), z.maxLength(20_000, { error: 'at most 20000 rows per import; split the file' }));

/**
 * Adding one contact by their details: matched to an existing person by identity document or verified
 * phone, else entered as a pending person and invited. The fields the database needs are required here.
 */
export const addContactByDetailsSchema = z.object({
  full_name: z.string().check(z.trim(), z.minLength(2, { error: 'must have at least 2 characters' }), z.maxLength(200, { error: 'must have at most 200 characters' })),
  last_exposure_date: pastDateSchema,
  phone: z.optional(z.string()),
  identity_type: z.optional(z.enum(enums.identity_type)),
  identity_number: z.optional(z.string()),
  nationality: z.optional(z.string()),
  proximity: z.optional(contactProximitySchema),
  setting: z.optional(contactSettingSchema),
  district_code: z.optional(districtCodeSchema),
});

/** Adding one contact: an existing person by `person_id`, or someone described by their details. */
export const addContactSchema = z.union([addContactByPersonSchema, addContactByDetailsSchema]);

/** What the add-contact form has typed so far, to preview whether it matches an existing person. */
export const contactMatchQuerySchema = z.object({
  phone: z.optional(z.nullable(z.string())),
  identity_type: z.optional(z.nullable(z.string())),
  identity_number: z.optional(z.nullable(z.string())),
  nationality: z.optional(z.nullable(z.string())),
  full_name: z.optional(z.nullable(z.string())),
});

/** Which line list to read, and which page of it. */
export const lineListQuerySchema = z.object({
  list: lineListSchema,
  /** Rows per page, 1 to 1000 (default 50). */
  limit: z.optional(z.int().check(z.minimum(1), z.maximum(1000))),
  /** Rows to skip (default 0). */
  offset: z.optional(z.int().check(z.minimum(0))),
});

/** Which cases to list. */
export const listCasesSchema = z.object({
  status: z.optional(caseStatusSchema),
  limit: z.optional(z.int().check(z.minimum(1), z.maximum(1000))),
  offset: z.optional(z.int().check(z.minimum(0))),
});

/** Why an officer closes a monitoring period early. */
export const closeMonitoringReasonSchema = z
  .string()
  .check(z.trim(), z.minLength(1, { error: 'say why the monitoring is closed' }), z.maxLength(1000, { error: 'must have at most 1000 characters' }));

/** What `tracing.createCase` takes. */
export type CreateCaseInput = z.input<typeof createCaseSchema>;
/** What `tracing.closeCase` takes: recovered, deceased or closed. */
export type CloseCaseInput = z.input<typeof closeCaseSchema>;
/** What `tracing.addContact` takes: a `person_id`, or the contact's details. */
export type AddContactInput = z.input<typeof addContactSchema>;
/** One row of what `tracing.importContacts` takes. */
export type ContactImportRowInput = z.input<typeof contactImportRowSchema>;
/** What `tracing.matchContact` takes. */
export type ContactMatchQuery = z.input<typeof contactMatchQuerySchema>;
/** What `tracing.lineList` takes. */
export type LineListQuery = z.input<typeof lineListQuerySchema>;
/** What `tracing.listCases` takes. */
export type ListCasesQuery = z.input<typeof listCasesSchema>;
/** A line list: symptomatic, non_reporting, asymptomatic, test_advised or closed. */
export type LineList = z.infer<typeof lineListSchema>;
/** Where an exposure happened: household, workplace, school, social, healthcare, travel, religious or other. */
export type ContactSetting = z.infer<typeof contactSettingSchema>;
