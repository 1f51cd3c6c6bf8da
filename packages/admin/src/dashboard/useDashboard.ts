/** The dashboard's queries through the data provider (react-query caches each by its arguments). */
import { useQuery } from '@tanstack/react-query';
import { createContext, useContext } from 'react';
import { useDataProvider } from 'react-admin';
import type { DailyFigure, DashboardMetric, DashboardSummary, HighRiskArea } from '@sejahtera/sdk/staff';
import type { SejahteraDataProvider } from '../providers/dataProvider.ts';
import { type DashboardFilters, dailyQuery, defaultFilters, highRiskQuery, summaryQuery } from './queries.ts';

export const DashboardFiltersContext = createContext<DashboardFilters>(defaultFilters());

export const useDashboardFilters = () => useContext(DashboardFiltersContext);

// Figures are aggregates (no audited read), so refetching on focus is harmless; a minute is fresh enough.
const staleTime = 60_000;

export function useDashboardSummary() {
  const filters = useDashboardFilters();
  const dataProvider = useDataProvider<SejahteraDataProvider>();
  return useQuery<DashboardSummary, Error>({
    queryKey: ['dashboard', 'summary', summaryQuery(filters)],
    queryFn: () => dataProvider.dashboardSummary(summaryQuery(filters)),
    staleTime,
  });
}

export function useDashboardDaily(metric: DashboardMetric) {
  const filters = useDashboardFilters();
  const dataProvider = useDataProvider<SejahteraDataProvider>();
  return useQuery<DailyFigure[], Error>({
    queryKey: ['dashboard', 'daily', dailyQuery(metric, filters)],
    queryFn: () => dataProvider.dashboardDaily(dailyQuery(metric, filters)),
    staleTime,
  });
}

export function useHighRisk() {
  const filters = useDashboardFilters();
  const dataProvider = useDataProvider<SejahteraDataProvider>();
  return useQuery<HighRiskArea[], Error>({
    queryKey: ['dashboard', 'high_risk', highRiskQuery(filters)],
    queryFn: () => dataProvider.highRisk(highRiskQuery(filters)),
    staleTime,
  });
}
