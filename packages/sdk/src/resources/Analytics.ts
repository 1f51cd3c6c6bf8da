import type { DailyFigure, DashboardSummary, HighRiskArea } from '../analytics.types.ts';
import { Constants } from '../database.types.ts';
import type { RequestOptions, Transport } from '../lib/Transport.ts';
import {
  type DashboardDailyQuery,
  type DashboardMetric,
  type DashboardSummaryQuery,
  type HighRiskQuery,
  dashboardDailyQuerySchema,
  dashboardMetricSchema,
  dashboardSummaryQuerySchema,
  highRiskQuerySchema,
} from '../schemas/analytics.ts';
import type { RiskStatus } from '../types.ts';
import { Reports } from './Reports.ts';

type Counts<K extends string> = Record<K, number>;

/** Every key of `keys` with its count in `given` (a jsonb object of the database's), 0 where missing. */
function filled<K extends string>(keys: readonly K[], given: unknown): Counts<K> {
  const source = typeof given === 'object' && given !== null ? (given as Record<string, unknown>) : {};
  return Object.fromEntries(keys.map((key) => [key, Number(source[key] ?? 0)])) as Counts<K>;
}

/**
 * The dashboard's figures, computed in the database from daily rollups: aggregates only, never a name,
 * document, phone or address. Officers see their districts, supervisors their state, analysts and
 * administrators the country; the public and call-centre agents are refused (PermissionError). The
 * daily reports ({@link Reports}, `analytics.reports`) are the exception: those of officers, supervisors
 * and administrators name the people behind the high-risk figures; analysts' never do.
 */
export class Analytics {
  private readonly transport: Transport;

  /** Daily reports: subscriptions, the reports made for them, and their CSV and document downloads. */
  readonly reports: Reports;

  constructor(transport: Transport) {
    this.transport = transport;
    this.reports = new Reports(transport);
  }

  /**
   * The dashboard's figures for a date range (both days included) within the caller's jurisdiction,
   * optionally narrowed to a state or district: events in the range and in all, people by status,
   * monitoring, and the high-risk summary. Every metric and status is present (0 where none).
   * Throws ValidationError (the range, an unknown state or district), PermissionError (the public,
   * call-centre agents), AuthError.
   *
   * @example
   * ```ts
   * const { in_range, people_by_status, monitoring } = await sejahtera.analytics.summary({ from_date: '2026-11-01', to_date: '2026-11-27', state_code: 'MY-10' });
   * ```
   */
  async summary(query: DashboardSummaryQuery, options: RequestOptions = {}): Promise<DashboardSummary> {
    const args = this.transport.parse(dashboardSummaryQuerySchema, query);
    await this.transport.userId();
    const data = await this.transport.request(
      'safe',
      (signal) => this.transport.supabase.rpc('dashboard_summary', args).abortSignal(signal),
      options,
    );
    const raw = (typeof data === 'object' && data !== null && !Array.isArray(data) ? data : {}) as Record<string, unknown>;
    const metrics = dashboardMetricSchema.options;
    const monitoring = filled(['active', 'non_reporting'], raw.monitoring);
    const high_risk = filled(['pui', 'confirmed', 'symptomatic'], raw.high_risk);
    return {
      from_date: String(raw.from_date ?? args.from_date),
      to_date: String(raw.to_date ?? args.to_date),
      in_range: filled(metrics, raw.in_range),
      all_time: filled(metrics, raw.all_time),
      people_by_status: filled<RiskStatus>(Constants.public.Enums.risk_status, raw.people_by_status),
      symptomatic: Number(raw.symptomatic ?? 0),
      monitoring,
      high_risk,
    };
  }

  /**
   * A day-by-day series of one metric over a date range (every day present, 0 where none), for charts.
   * Throws ValidationError (the metric, the range, an unknown area), PermissionError (the public,
   * call-centre agents), AuthError.
   *
   * @example
   * ```ts
   * const series = await sejahtera.analytics.daily({ metric: 'assessments', from_date: '2026-11-01', to_date: '2026-11-27' });
   * ```
   */
  async daily(query: DashboardDailyQuery, options: RequestOptions = {}): Promise<DailyFigure[]> {
    const args = this.transport.parse(dashboardDailyQuerySchema, query);
    await this.transport.userId();
    const rows = await this.transport.request(
      'safe',
      (signal) => this.transport.supabase.rpc('dashboard_daily', args).abortSignal(signal),
      options,
    );
    return (rows ?? []).map((row) => ({ day: row.day, value: Number(row.value) }));
  }

  /**
   * PUI, symptomatic, confirmed and close contacts per area: per state for country-wide callers
   * (analysts, administrators), else per district of the caller's jurisdiction (or of the state asked for).
   * Throws ValidationError, PermissionError (the public, call-centre agents), AuthError.
   *
   * @example
   * ```ts
   * for (const area of await sejahtera.analytics.highRisk()) console.log(area.area_name, area.pui, area.confirmed);
   * ```
   */
  async highRisk(query: HighRiskQuery = {}, options: RequestOptions = {}): Promise<HighRiskArea[]> {
    const args = this.transport.parse(highRiskQuerySchema, query);
    await this.transport.userId();
    const rows = await this.transport.request(
      'safe',
      (signal) => this.transport.supabase.rpc('high_risk_summary', args).abortSignal(signal),
      options,
    );
    return (rows ?? []).map((row) => ({
      area_code: row.area_code,
      area_name: row.area_name,
      pui: Number(row.pui),
      symptomatic: Number(row.symptomatic),
      confirmed: Number(row.confirmed),
      close_contacts: Number(row.close_contacts),
    }));
  }
}

