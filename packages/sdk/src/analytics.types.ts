/** What the analytics namespace returns: aggregates only, never a name, document, phone or address. */
import type { DashboardMetric } from './schemas/analytics.ts';
import type { RiskStatus } from './types.ts';

/** The dashboard's figures for a date range, within the caller's jurisdiction. */
export interface DashboardSummary {
  from_date: string;
  to_date: string;
  /** Events in the date range, per metric (0 where none). */
  in_range: Record<DashboardMetric, number>;
  /** Events since records began, per metric (0 where none). */
  all_time: Record<DashboardMetric, number>;
  /** People by current status (0 where none). */
  people_by_status: Record<RiskStatus, number>;
  /** People whose latest declaration reported symptoms. */
  symptomatic: number;
  /** Contacts under active monitoring, and those of them who have not reported in time. */
  monitoring: { active: number; non_reporting: number };
  /** The high-risk profiles: PUI, confirmed, symptomatic. */
  high_risk: { pui: number; confirmed: number; symptomatic: number };
}

/** One day of a metric's series. */
export interface DailyFigure {
  /** The Malaysian calendar day (YYYY-MM-DD). */
  day: string;
  value: number;
}

/** The high-risk summary of one area: a state for country-wide callers, else a district. */
export interface HighRiskArea {
  area_code: string;
  area_name: string;
  pui: number;
  symptomatic: number;
  confirmed: number;
  close_contacts: number;
}
