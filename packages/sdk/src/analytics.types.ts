/** What the analytics namespace returns: aggregates only, never a name, document, phone or address, except in the daily reports of officers, supervisors and administrators (the people behind the high-risk figures). */
import type { DashboardMetric, ReportSection } from './schemas/analytics.ts';
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

/** A staff member's daily report subscription. */
export interface ReportSubscription {
  /** The subscription's id. */
  id: string;
  /** The subscriber (a staff member's user id). */
  staff_id: string;
  /** States reported on; with no districts either, the subscriber's whole jurisdiction. */
  states: string[];
  /** Districts reported on (outside the states chosen). */
  districts: string[];
  /** The sections: `high_risk`, `figures`. */
  sections: ReportSection[];
  /** Where it is emailed; null: the console and a push notice only. */
  email: string | null;
  /** The report's language. */
  language: 'ms' | 'en';
  /** Whether reports are made. */
  active: boolean;
  /** When it was made (ISO 8601). */
  created_at: string;
  /** When it last changed (ISO 8601). */
  updated_at: string;
}

/** A daily report as listed: what it is and how its delivery went, without its content. */
export interface ReportSummary {
  /** The report's id. */
  id: string;
  /** Its subscription; null once the subscription is removed (the report is kept). */
  subscription_id: string | null;
  /** The reader (a staff member's user id). */
  staff_id: string;
  /** The Malaysian day whose events it counts (YYYY-MM-DD). */
  report_date: string;
  /** Its language. */
  language: string;
  /** Its sections. */
  sections: string[];
  /** Whether it names people (officers', supervisors' and administrators' reports; never analysts'). */
  personal_data: boolean;
  /** generated (being rendered and sent), delivered, or failed (`error` says why). */
  status: 'generated' | 'delivered' | 'failed';
  /** Why it failed, when it did. */
  error: string | null;
  /** When it was generated (ISO 8601). */
  generated_at: string;
  /** When it was rendered and announced (ISO 8601), if it has been. */
  delivered_at: string | null;
  /** The address it was emailed to, if any. */
  email_to: string | null;
  /** When it was emailed (ISO 8601), if it was. */
  emailed_at: string | null;
  /** Why the email failed, if it did. */
  email_error: string | null;
}

/** A daily report with its content: the figures and the high-risk summary as generated. */
export interface Report extends ReportSummary {
  /**
   * The report's content as the database generated it: `figures` (`totals` and `areas`: events of the day,
   * people by status, monitoring) and `high_risk` (`counts`, and for reports that name people, `people`
   * per list). Null for a failed report.
   */
  data: Record<string, unknown> | null;
}
