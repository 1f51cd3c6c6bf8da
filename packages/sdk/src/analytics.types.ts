/** What the analytics namespace returns: aggregates only, never a name, document, phone or address. */
import type { DashboardMetric } from './schemas/analytics.ts';
import type { RiskStatus } from './types.ts';

/** The dashboard's figures for a date range, within the caller's jurisdiction. */
export interface DashboardSummary {
  /** The range's first day (YYYY-MM-DD), included. */
  from_date: string;
  /** The range's last day (YYYY-MM-DD), included. */
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
  /** How many events of the metric happened that day (0 where none). */
  value: number;
}

/** The high-risk summary of one area: a state for country-wide callers, else a district. */
export interface HighRiskArea {
  /** A state code (e.g. MY-10) or a district code (e.g. MY-10-07). */
  area_code: string;
  /** The area's official Malay name, e.g. Selangor or Hulu Langat. */
  area_name: string;
  /** People now under investigation (PUI). */
  pui: number;
  /** People whose latest declaration reported symptoms, whatever their status. */
  symptomatic: number;
  /** People now confirmed cases. */
  confirmed: number;
  /** People now close contacts. */
  close_contacts: number;
}
