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
