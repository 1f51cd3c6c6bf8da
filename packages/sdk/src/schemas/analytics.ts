/** Dashboard queries: date ranges, areas and metrics, as the analytics functions take them. */
import * as z from 'zod/mini';
import { districtCodeSchema } from './common.ts';

/** The events the dashboard counts per day. */
export const dashboardMetricSchema = z.enum([
  'registrations',
  'first_sign_ins',
  'dependent_registrations',
  'assessments',
  'symptomatic_assessments',
  'cases',
  'contacts',
]);

/** A state or federal territory code, e.g. MY-10 (Selangor). (Not exported: schemas/communications.ts exports the same rule.) */
const stateCodeSchema = z.string().check(z.regex(/^MY-[0-9]{2}$/, { error: 'must be a state code, e.g. MY-10' }));

const isoDate = z.iso.date({ error: 'must be a date (YYYY-MM-DD)' });

const area = {
  /** Narrow to a state (within the caller's jurisdiction). */
  state_code: z.optional(stateCodeSchema),
  /** Narrow to a district (within the caller's jurisdiction). */
  district_code: z.optional(districtCodeSchema),
};

const range = z.superRefine((value: { from_date: string; to_date: string }, ctx) => {
  if (value.from_date > value.to_date) ctx.addIssue({ code: 'custom', path: ['to_date'], message: 'must be on or after from_date', input: value });
});

/** The dashboard's figures over a date range (both days included), optionally for one state or district. */
export const dashboardSummaryQuerySchema = z.object({ from_date: isoDate, to_date: isoDate, ...area }).check(range);

/** A day-by-day series of one metric. */
export const dashboardDailyQuerySchema = z.object({ metric: dashboardMetricSchema, from_date: isoDate, to_date: isoDate, ...area }).check(range);

/** The high-risk summary's area: the whole jurisdiction, a state or a district. */
export const highRiskQuerySchema = z.object(area);

/** An event the dashboard counts per day, e.g. registrations, symptomatic_assessments or cases. */
export type DashboardMetric = z.infer<typeof dashboardMetricSchema>;
/** What `analytics.summary` takes. */
export type DashboardSummaryQuery = z.input<typeof dashboardSummaryQuerySchema>;
/** What `analytics.daily` takes. */
export type DashboardDailyQuery = z.input<typeof dashboardDailyQuerySchema>;
/** What `analytics.highRisk` takes. */
export type HighRiskQuery = z.input<typeof highRiskQuerySchema>;

/** A section of a daily report: the high-risk summary, or the day's figures. */
export const reportSectionSchema = z.enum(['high_risk', 'figures']);

/** The language a daily report is written in. */
const reportLanguageSchema = z.enum(['ms', 'en']);

const reportSubscriptionFields = {
  /** States to report on (within the subscriber's jurisdiction); none and no districts: all of it. */
  states: z.optional(z.array(stateCodeSchema).check(z.maxLength(16, { error: 'at most 16 states' }))),
  /** Districts to report on (within the subscriber's jurisdiction). */
  districts: z.optional(z.array(districtCodeSchema).check(z.maxLength(200, { error: 'at most 200 districts' }))),
  /** The sections: `high_risk`, `figures` or both (the default). */
  sections: z.optional(z.array(reportSectionSchema).check(z.minLength(1, { error: 'choose at least one section' }))),
  /** Where to email it; null: the console and a push notice only. */
  email: z.optional(z.nullable(z.email({ error: 'must be an email address' }).check(z.maxLength(320, { error: 'must be at most 320 characters' })))),
  /** The report's language (ms or en; en by default). */
  language: z.optional(reportLanguageSchema),
  /** Whether reports are made (false pauses the subscription). */
  active: z.optional(z.boolean()),
};

/** A new daily report subscription: areas within the subscriber's jurisdiction, sections, email, language. */
export const createReportSubscriptionSchema = z.object(reportSubscriptionFields);

/** A change to a daily report subscription: only the fields given change. */
export const updateReportSubscriptionSchema = z.object(reportSubscriptionFields);

/** Which daily reports to list: a date range (both days included), newest first. */
export const reportsQuerySchema = z
  .object({
    from_date: z.optional(isoDate),
    to_date: z.optional(isoDate),
    /** How many, at most (default 30, at most 366). */
    limit: z.optional(z.int().check(z.minimum(1, { error: 'must be at least 1' }), z.maximum(366, { error: 'must be at most 366' }))),
  })
  .check(
    z.superRefine((value: { from_date?: string; to_date?: string }, ctx) => {
      if (value.from_date && value.to_date && value.from_date > value.to_date) {
        ctx.addIssue({ code: 'custom', path: ['to_date'], message: 'must be on or after from_date', input: value });
      }
    }),
  );

/** A section of a daily report: `high_risk` or `figures`. */
export type ReportSection = z.infer<typeof reportSectionSchema>;
/** What `analytics.reports.subscribe` takes. */
export type CreateReportSubscriptionInput = z.input<typeof createReportSubscriptionSchema>;
/** What `analytics.reports.updateSubscription` takes. */
export type UpdateReportSubscriptionInput = z.input<typeof updateReportSubscriptionSchema>;
/** What `analytics.reports.list` takes. */
export type ReportsQuery = z.input<typeof reportsQuerySchema>;
