/**
 * The calls the dashboard's widgets make, in one place: the widgets run them through the data provider
 * (react-query, one request per call) and the bench (bench/dashboard.bench.ts) runs the same calls
 * through the SDK, so what is measured is what the page asks. Every figure is computed in the database
 * (public.dashboard_summary, dashboard_daily, high_risk_summary); nothing is summed in the browser.
 */
import type { DashboardDailyQuery, DashboardMetric, DashboardSummaryQuery, HighRiskQuery } from '@sejahtera/sdk/staff';

/** The date range (both days included, Malaysian dates) and the area the dashboard shows. */
export interface DashboardFilters {
  from_date: string;
  to_date: string;
  state_code?: string;
  district_code?: string;
}

/** The metrics drawn day by day. */
export const chartedMetrics = ['registrations', 'assessments', 'symptomatic_assessments', 'cases'] as const satisfies readonly DashboardMetric[];

function area(filters: DashboardFilters): { state_code?: string; district_code?: string } {
  if (filters.district_code) return { district_code: filters.district_code };
  if (filters.state_code) return { state_code: filters.state_code };
  return {};
}

export function summaryQuery(filters: DashboardFilters): DashboardSummaryQuery {
  return { from_date: filters.from_date, to_date: filters.to_date, ...area(filters) };
}

export function dailyQuery(metric: DashboardMetric, filters: DashboardFilters): DashboardDailyQuery {
  return { metric, from_date: filters.from_date, to_date: filters.to_date, ...area(filters) };
}

export function highRiskQuery(filters: DashboardFilters): HighRiskQuery {
  return area(filters);
}

/** What the analytics namespace of the SDK's staff client offers the dashboard. */
export interface DashboardAnalytics {
  summary(query: DashboardSummaryQuery): Promise<unknown>;
  daily(query: DashboardDailyQuery): Promise<unknown>;
  highRisk(query: HighRiskQuery): Promise<unknown>;
}

/** Every call a dashboard load makes, as the widgets make them (the summary once, shared by the cards). */
export function dashboardCalls(analytics: DashboardAnalytics, filters: DashboardFilters): Array<() => Promise<unknown>> {
  return [
    () => analytics.summary(summaryQuery(filters)),
    ...chartedMetrics.map((metric) => () => analytics.daily(dailyQuery(metric, filters))),
    () => analytics.highRisk(highRiskQuery(filters)),
  ];
}

/** Today in Malaysia as YYYY-MM-DD. */
export function malaysianToday(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Kuala_Lumpur', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** The day `days` before `date` (YYYY-MM-DD). */
export function daysBefore(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

/** The default range: the last 30 days, today included. */
export function defaultFilters(now: Date = new Date()): DashboardFilters {
  const to = malaysianToday(now);
  return { from_date: daysBefore(to, 29), to_date: to };
}
